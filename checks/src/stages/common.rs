//! What several stages share: parameters from TOML and fresh facts (the audit itself is the
//! service the pipeline gives them, `StageCtx::auditor`).

use std::sync::Arc;

use chrono::Utc;
use gonogo_core::Facts;
use gonogo_core::stage::{StageCtx, StageError};
use serde::de::DeserializeOwned;

use crate::aws::AwsConfig;

/// A failed AWS call of a stage, in words ([`crate::aws::describe`]), the IAM action named
/// from the stage kinds' declarations.
pub(crate) fn sdk_failure<E>(
    err: aws_smithy_runtime_api::client::result::SdkError<
        E,
        aws_smithy_runtime_api::http::Response,
    >,
) -> StageError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    StageError::new(crate::aws::describe(&err, |service, operation| {
        gonogo_core::inventory::iter::<gonogo_core::stage::StageRegistration>
            .into_iter()
            .find_map(|s| s.calls.all().find(|c| c.is(service, operation)))
    }))
}

/// A stage's client of `$sdk`: one a test put in the facts' resources (an `aws-smithy-mocks`
/// client), else one built from the AWS configuration.
macro_rules! stage_client {
    ($sdk:ident, $cx:expr) => {{
        let cx: &gonogo_core::stage::StageCtx = $cx;
        match cx.facts.resource::<$sdk::Client>() {
            Some(client) => Ok((*client).clone()),
            None => cx
                .facts
                .resource::<$crate::aws::AwsConfig>()
                .map(|config| $crate::aws_client!($sdk, *config))
                .ok_or_else(|| gonogo_core::stage::StageError::new("no AWS configuration")),
        }
    }};
}
pub(crate) use stage_client;

/// A stage's parameters from its `[[stages]]` table, unknown keys refused.
pub(crate) fn params<T: DeserializeOwned>(table: &toml::Table) -> Result<T, StageError> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|err: toml::de::Error| StageError::new(err.message()))
}

/// A new facts store over the same AWS configuration: what validation and the watch read
/// after the deploy changed things.
pub(crate) fn fresh_facts(cx: &StageCtx) -> Result<Arc<Facts>, StageError> {
    let config = cx
        .facts
        .resource::<AwsConfig>()
        .ok_or_else(|| StageError::new("no AWS configuration"))?;
    let mut facts = Facts::new(Utc::now());
    if let Some(region) = config.sdk.region() {
        facts = facts.in_region(region.to_string());
    }
    facts.insert_resource((*config).clone());
    Ok(Arc::new(facts))
}
