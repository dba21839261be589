//! Reading an input file (a snapshot, a report, a policy) with a size limit, so that a wrong
//! path (a disk image, `/dev/zero`) is refused at once instead of filling memory first.

use std::io::Read;
use std::path::Path;

/// Most bytes a snapshot or a report may have: 256 MiB. The largest account the benchmark
/// records (scale 100: 2,400 resources, 12,000 findings) writes a 2.4 MB snapshot and a 3.2 MB
/// report, so this is some eighty times what it needs, while parsing it (text plus JSON
/// values, about four times the text) stays near 1 GiB.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Most bytes a policy or an accounts file may have: 16 MiB (hand-written TOML).
pub const MAX_CONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `path` as UTF-8 text of at most `limit` bytes. A regular file over the limit is
/// refused by its size without being read; anything else (a FIFO, a device) is read up to
/// one byte past the limit and refused there.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    let bytes = read_bytes(path, limit)?;
    String::from_utf8(bytes)
        .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err.utf8_error()))
}

/// Reads `path` as bytes, at most `limit` of them, as [`read_text`] does (for a file that
/// may not be text: a Terraform plan given in its binary form is told apart by its bytes).
pub fn read_bytes(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let too_large = |size: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{size}, over the {} MiB limit", limit / (1024 * 1024)),
        )
    };
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(format!("the file has {} bytes", meta.len())));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large("the input goes on".to_owned()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(2048).unwrap();
        let err = read_text(&path, 1024).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("2048 bytes"), "{err}");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(read_text(&path, 1024).unwrap(), "{}");
    }
}
