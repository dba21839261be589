//! Whether a name is an AWS region's: the SDK's partitions say so by pattern (the `aws`
//! partition's regions are `^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`, China's `^cn-\w+-\d+$`,
//! GovCloud's `^us-gov-\w+-\d+$`, and so on), so that a region AWS opens tomorrow is accepted
//! today; the regions known now only feed "did you mean".

/// The first word of a region of each partition whose names have three parts
/// (`eu-west-1`): aws and aws-cn.
const THREE_PART: [&str; 10] = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"];

/// The first two words of a region of each partition whose names have four parts
/// (`us-gov-west-1`): aws-us-gov, the ISO partitions and the European Sovereign Cloud.
const FOUR_PART: [(&str, &str); 6] = [
    ("us", "gov"),
    ("us", "iso"),
    ("us", "isob"),
    ("us", "isof"),
    ("eu", "isoe"),
    ("eusc", "de"),
];

/// The regions of the SDK's partitions today, for suggestions.
const KNOWN: [&str; 37] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "us-gov-east-1",
    "us-gov-west-1",
];

/// Whether `name` is shaped as a region of one of AWS's partitions.
pub fn is_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [first, area, n] => THREE_PART.contains(first) && word(area) && number(n),
        [first, second, area, n] => {
            FOUR_PART.contains(&(*first, *second)) && word(area) && number(n)
        }
        _ => false,
    }
}

/// Checks a region name: `Err` says it is none of AWS's, and which it may have meant.
pub fn check_region(name: &str) -> Result<(), String> {
    if is_region(name) {
        return Ok(());
    }
    Err(format!(
        "`{name}` is not an AWS region{} (regions look like `eu-west-1`)",
        crate::suggest::did_you_mean(name, KNOWN)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_every_partition_are_accepted() {
        for name in [
            "us-east-1",
            "eu-west-3",
            "ap-southeast-7",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-isob-east-1",
            "eusc-de-east-1",
            "me-west-9",
        ] {
            assert!(is_region(name), "{name}");
        }
    }

    #[test]
    fn other_names_are_refused_with_the_nearest_region() {
        assert_eq!(
            check_region("mars-north-9"),
            Err("`mars-north-9` is not an AWS region (regions look like `eu-west-1`)".to_owned())
        );
        assert_eq!(
            check_region("us-east1"),
            Err("`us-east1` is not an AWS region (did you mean one of `us-east-1`, `us-east-2`, `us-west-1`?) (regions look like `eu-west-1`)".to_owned())
        );
        assert!(check_region("eu-west-1 ").is_err());
        assert!(
            check_region("all").is_err(),
            "`all` is the caller's to read"
        );
    }
}
