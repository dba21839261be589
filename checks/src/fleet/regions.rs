//! The regions an account has enabled (`--regions all`), from the Account API.

use aws_config::SdkConfig;
use aws_sdk_account::types::RegionOptStatus;

use super::FleetError;
use crate::aws::{describe, find_call};

/// The account's enabled regions (opted in or enabled by default), sorted.
pub async fn enabled_regions(config: &SdkConfig) -> Result<Vec<String>, FleetError> {
    // Through the call labels, so an access-denied error names the IAM action.
    let aws = crate::aws::AwsConfig::new(config.clone());
    list_enabled_regions(&crate::aws_client!(aws_sdk_account, aws)).await
}

/// [`enabled_regions`] through a given client, every page.
pub async fn list_enabled_regions(
    client: &aws_sdk_account::Client,
) -> Result<Vec<String>, FleetError> {
    let mut regions = Vec::new();
    let mut pages = client
        .list_regions()
        .region_opt_status_contains(RegionOptStatus::Enabled)
        .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| {
            FleetError::ListRegions(describe(&err, |s, o| find_call(super::REGION_CALLS, s, o)))
        })?;
        regions.extend(
            page.regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_owned)),
        );
    }
    if regions.is_empty() {
        return Err(FleetError::NoRegion);
    }
    regions.sort();
    regions.dedup();
    Ok(regions)
}

#[cfg(test)]
mod tests {
    //! moto does not serve the Account API's ListRegions, so these answer it with
    //! `aws-smithy-mocks`.

    use aws_sdk_account::operation::list_regions::ListRegionsOutput;
    use aws_sdk_account::types::Region;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    fn region(name: &str) -> Region {
        Region::builder().region_name(name).build()
    }

    #[tokio::test]
    async fn every_page_is_read_and_the_list_sorted() {
        let first = mock!(aws_sdk_account::Client::list_regions)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                ListRegionsOutput::builder()
                    .regions(region("us-east-1"))
                    .regions(region("eu-west-1"))
                    .next_token("page-2")
                    .build()
            });
        let second = mock!(aws_sdk_account::Client::list_regions)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                ListRegionsOutput::builder()
                    .regions(region("ap-south-1"))
                    .build()
            });
        let client = mock_client!(aws_sdk_account, RuleMode::MatchAny, [&first, &second]);
        assert_eq!(
            list_enabled_regions(&client).await.unwrap(),
            ["ap-south-1", "eu-west-1", "us-east-1"]
        );
    }

    #[tokio::test]
    async fn an_api_error_is_an_error_never_an_empty_list() {
        let denied = mock!(aws_sdk_account::Client::list_regions).then_error(|| {
            aws_sdk_account::operation::list_regions::ListRegionsError::AccessDeniedException(
                aws_sdk_account::types::error::AccessDeniedException::builder()
                    .message("not authorized")
                    .build()
                    .unwrap(),
            )
        });
        let client = mock_client!(aws_sdk_account, [&denied]);
        let err = list_enabled_regions(&client).await.unwrap_err();
        assert!(
            err.to_string().contains("could not list enabled regions"),
            "{err}"
        );
    }
}
