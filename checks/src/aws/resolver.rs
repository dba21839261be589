//! Name resolution for the AWS client: the system's resolver, except for names under an IP
//! literal.
//!
//! Some SDKs put the account id in front of the endpoint's host (S3 Control calls
//! `123456789012.s3-control.us-east-1.amazonaws.com`). With an endpoint override that is an
//! IP address (a local emulator such as moto or LocalStack at `http://127.0.0.1:5000`), that
//! becomes `123456789012.127.0.0.1`, which no DNS server answers. No real domain ends in a
//! numeric label, so a name whose last four labels are an IPv4 address resolves to that
//! address, and every other name goes to the system resolver.

use std::net::{IpAddr, Ipv4Addr};

use aws_smithy_runtime_api::client::dns::{DnsFuture, ResolveDns, ResolveDnsError};

/// The system resolver, with names under an IPv4 literal resolved to it.
#[derive(Clone, Debug, Default)]
pub struct EndpointResolver;

/// `a.b.1.2.3.4` → `1.2.3.4`; `None` for any other name.
fn under_ip_literal(name: &str) -> Option<IpAddr> {
    let labels: Vec<&str> = name.trim_end_matches('.').split('.').collect();
    if labels.len() < 5 {
        return None;
    }
    labels[labels.len() - 4..]
        .join(".")
        .parse::<Ipv4Addr>()
        .ok()
        .map(IpAddr::V4)
}

impl ResolveDns for EndpointResolver {
    fn resolve_dns<'a>(&'a self, name: &'a str) -> DnsFuture<'a> {
        if let Some(address) = under_ip_literal(name) {
            return DnsFuture::ready(Ok(vec![address]));
        }
        let name = name.to_owned();
        DnsFuture::new(async move {
            let addresses = tokio::net::lookup_host((name.as_str(), 0))
                .await
                .map_err(ResolveDnsError::new)?;
            Ok(addresses.map(|address| address.ip()).collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_under_an_ipv4_literal_resolve_to_it() {
        assert_eq!(
            under_ip_literal("123456789012.127.0.0.1"),
            Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
        assert_eq!(under_ip_literal("127.0.0.1"), None, "a literal itself");
        assert_eq!(under_ip_literal("s3-control.us-east-1.amazonaws.com"), None);
        assert_eq!(under_ip_literal("1.2.3.4.example.com"), None);
    }
}
