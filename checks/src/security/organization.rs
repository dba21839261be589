//! The organization checks' common start: an account in no organization has nothing to judge.

use crate::facts::{Organization, OrganizationMembership};
use crate::prelude::*;

/// The account's organization, or the "not applicable" outcome of an account in none.
pub(crate) async fn organization_of(
    cx: &CheckCtx,
) -> Result<Result<Organization, Outcome>, CheckError> {
    let membership = cx.fact::<OrganizationMembership>().await?;
    Ok(match &membership.0 {
        Some(organization) => Ok(organization.clone()),
        None => Err(cx.not_applicable("organization")),
    })
}
