//! Seeding the go-live services: ACM certificates, Route 53 health checks and their status
//! metric, GuardDuty detectors, and REST and HTTP API stages.

use std::process::Command;

use aws_sdk_apigateway::types::{Op, PatchOperation};
use aws_sdk_apigatewayv2::types::{AccessLogSettings, ProtocolType, RouteSettings};
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
use aws_sdk_route53::types::{HealthCheckConfig, HealthCheckType};
use aws_smithy_types::{Blob, DateTime as SmithyDateTime};

use super::Seeder;

/// Writes a self-signed certificate and its key as PEM (certificate first), valid from a
/// day ago until `days` and a half from now, with an RSA key of `bits`.
const SELF_SIGNED: &str = r#"
import datetime, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
domain, days, bits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days, hours=12))
        .sign(key, hashes.SHA256()))
sys.stdout.write(cert.public_bytes(serialization.Encoding.PEM).decode())
sys.stdout.write(key.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode())
"#;

/// A self-signed certificate for `domain` and its private key, made by Python's
/// `cryptography` (which moto itself depends on, so it is there wherever moto is).
fn self_signed(domain: &str, days: i64, bits: u32) -> (String, String) {
    let python = std::env::var("GONOGO_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let out = Command::new(&python)
        .args([
            "-c",
            SELF_SIGNED,
            domain,
            &days.to_string(),
            &bits.to_string(),
        ])
        .output()
        .unwrap_or_else(|err| panic!("run {python} to make a certificate: {err}"));
    assert!(
        out.status.success(),
        "{python} could not make a certificate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pem = String::from_utf8(out.stdout).expect("PEM is text");
    let split = pem
        .find("-----BEGIN RSA PRIVATE KEY")
        .expect("a key after the certificate");
    (pem[..split].to_owned(), pem[split..].to_owned())
}

impl Seeder {
    /// Imports a self-signed certificate for `domain` that expires in `days` days, with an
    /// RSA key of `bits`; returns its ARN.
    pub async fn imported_certificate(&self, domain: &str, days: i64, bits: u32) -> String {
        let (certificate, key) = self_signed(domain, days, bits);
        let out = self
            .acm
            .import_certificate()
            .certificate(Blob::new(certificate))
            .private_key(Blob::new(key))
            .send()
            .await
            .expect("import_certificate");
        out.certificate_arn().expect("certificate arn").to_owned()
    }

    /// Requests a DNS-validated certificate for `domain` (moto keeps it pending for
    /// `MOTO_ACM_VALIDATION_WAIT` seconds); returns its ARN.
    pub async fn requested_certificate(&self, domain: &str) -> String {
        let out = self
            .acm
            .request_certificate()
            .domain_name(domain)
            .validation_method(aws_sdk_acm::types::ValidationMethod::Dns)
            .send()
            .await
            .expect("request_certificate");
        out.certificate_arn().expect("certificate arn").to_owned()
    }

    /// An HTTPS health check of `https://FQDN:443/health`, disabled or not; returns its id.
    pub async fn health_check(&self, fqdn: &str, disabled: bool) -> String {
        let config = HealthCheckConfig::builder()
            .r#type(HealthCheckType::Https)
            .fully_qualified_domain_name(fqdn)
            .port(443)
            .resource_path("/health")
            .disabled(disabled)
            .build()
            .expect("health check config");
        let out = self
            .route53
            .create_health_check()
            .caller_reference(fqdn)
            .health_check_config(config)
            .send()
            .await
            .expect("create_health_check");
        out.health_check().expect("health check").id().to_owned()
    }

    /// Publishes a health check's `HealthCheckStatus` (1 healthy, 0 unhealthy) as Route 53
    /// does, a minute ago, in us-east-1.
    pub async fn health_check_status(&self, id: &str, healthy: bool) {
        let at = chrono::Utc::now() - chrono::Duration::minutes(1);
        self.cloudwatch
            .put_metric_data()
            .namespace("AWS/Route53")
            .metric_data(
                MetricDatum::builder()
                    .metric_name("HealthCheckStatus")
                    .dimensions(Dimension::builder().name("HealthCheckId").value(id).build())
                    .timestamp(SmithyDateTime::from_secs(at.timestamp()))
                    .value(if healthy { 1.0 } else { 0.0 })
                    .build(),
            )
            .send()
            .await
            .expect("put_metric_data");
    }

    /// A GuardDuty detector, enabled or not; returns its id.
    pub async fn guardduty_detector(&self, enabled: bool) -> String {
        let out = self
            .guardduty
            .create_detector()
            .enable(enabled)
            .send()
            .await
            .expect("create_detector");
        out.detector_id().expect("detector id").to_owned()
    }

    /// A REST API `name` with one mock `GET /` method deployed to `stage`, with stage-wide
    /// throttling and access logs to `destination` as given.
    pub async fn rest_api(
        &self,
        name: &str,
        stage: &str,
        throttled: bool,
        destination: Option<&str>,
    ) {
        let api = self
            .apigateway
            .create_rest_api()
            .name(name)
            .send()
            .await
            .expect("create_rest_api");
        let api_id = api.id().expect("api id");
        let resources = self
            .apigateway
            .get_resources()
            .rest_api_id(api_id)
            .send()
            .await
            .expect("get_resources");
        let root = resources
            .items()
            .iter()
            .find(|r| r.path() == Some("/"))
            .and_then(|r| r.id())
            .expect("root resource");
        self.apigateway
            .put_method()
            .rest_api_id(api_id)
            .resource_id(root)
            .http_method("GET")
            .authorization_type("NONE")
            .send()
            .await
            .expect("put_method");
        self.apigateway
            .put_integration()
            .rest_api_id(api_id)
            .resource_id(root)
            .http_method("GET")
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .send()
            .await
            .expect("put_integration");
        self.apigateway
            .create_deployment()
            .rest_api_id(api_id)
            .stage_name(stage)
            .send()
            .await
            .expect("create_deployment");
        let replace = |path: &str, value: &str| {
            PatchOperation::builder()
                .op(Op::Replace)
                .path(path)
                .value(value)
                .build()
        };
        let mut patches = Vec::new();
        if throttled {
            patches.push(replace("/*/*/throttling/rateLimit", "100"));
            patches.push(replace("/*/*/throttling/burstLimit", "200"));
        }
        if let Some(destination) = destination {
            patches.push(replace("/accessLogSettings/destinationArn", destination));
            patches.push(replace("/accessLogSettings/format", "$context.requestId"));
        }
        if !patches.is_empty() {
            self.apigateway
                .update_stage()
                .rest_api_id(api_id)
                .stage_name(stage)
                .set_patch_operations(Some(patches))
                .send()
                .await
                .expect("update_stage");
        }
    }

    /// An HTTP API `name` with `stage`, with default-route throttling and access logs to
    /// `destination` as given.
    pub async fn http_api(
        &self,
        name: &str,
        stage: &str,
        throttled: bool,
        destination: Option<&str>,
    ) {
        let api = self
            .apigatewayv2
            .create_api()
            .name(name)
            .protocol_type(ProtocolType::Http)
            .send()
            .await
            .expect("create_api");
        let mut req = self
            .apigatewayv2
            .create_stage()
            .api_id(api.api_id().expect("api id"))
            .stage_name(stage);
        if throttled {
            req = req.default_route_settings(
                RouteSettings::builder()
                    .throttling_rate_limit(100.0)
                    .throttling_burst_limit(200)
                    .build(),
            );
        }
        if let Some(destination) = destination {
            req = req.access_log_settings(
                AccessLogSettings::builder()
                    .destination_arn(destination)
                    .format("$context.requestId")
                    .build(),
            );
        }
        req.send().await.expect("create_stage");
    }
}
