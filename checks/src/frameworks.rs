//! The built-in frameworks: data files in `checks/frameworks/`, embedded at build time.

gonogo_core::declare_framework!("frameworks/cis-aws-7.0.toml");
gonogo_core::declare_framework!("frameworks/aws-fsbp.toml");
