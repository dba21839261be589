//! Account: the security alternate contact AWS writes to about the account's security.

use async_trait::async_trait;
use aws_sdk_account::types::AlternateContactType;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// A registered contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The contact's name.
    pub name: Option<String>,
    /// Where AWS writes.
    pub email: Option<String>,
}

/// The account's security contact, if one is registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityContact(pub Option<Contact>);

#[async_trait]
impl Fact for SecurityContact {
    const NAME: &'static str = "security alternate contact";
    const KEY: &'static str = "account.security-contact";
    const CALLS: &'static [ApiCall] = api_calls!("Account", "account": GetAlternateContact);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        match crate::aws_client!(aws_sdk_account, *config)
            .get_alternate_contact()
            .alternate_contact_type(AlternateContactType::Security)
            .send()
            .await
        {
            Ok(out) => Ok(Self(out.alternate_contact().map(|contact| Contact {
                name: contact.name().map(str::to_owned),
                email: contact.email_address().map(str::to_owned),
            }))),
            // "No contact of the inputted alternate contact type found."
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) =>
            {
                Ok(Self(None))
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}
