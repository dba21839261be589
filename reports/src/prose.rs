//! Prose for the terminal (`gonogo explain`): a check's documentation, written as Markdown
//! with lines broken where its source broke them, reflowed to the terminal's width.

use crate::table::wrap_lines;

/// `text` with each paragraph and list item joined and wrapped at `width` (list items with a
/// hanging indent, headings on lines of their own). Tables and code blocks are kept as
/// written: they mean their line breaks. A word longer than `width` (a JSON argument) is
/// never split.
pub fn reflow(text: &str, width: u16) -> String {
    let mut out = String::new();
    let mut paragraph = Paragraph::default();
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            paragraph.flush(&mut out, width);
            in_code = !in_code;
            out.push_str(line);
            out.push('\n');
        } else if in_code || trimmed.starts_with('|') {
            paragraph.flush(&mut out, width);
            out.push_str(line);
            out.push('\n');
        } else if trimmed.starts_with('#') {
            paragraph.flush(&mut out, width);
            out.push_str(&wrap_lines(line, width, "", ""));
        } else if trimmed.is_empty() {
            paragraph.flush(&mut out, width);
            out.push('\n');
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            paragraph.flush(&mut out, width);
            paragraph = Paragraph {
                words: item.to_owned(),
                item: true,
            };
        } else if paragraph.words.is_empty() {
            paragraph.words = trimmed.to_owned();
        } else {
            paragraph.words.push(' ');
            paragraph.words.push_str(trimmed);
        }
    }
    paragraph.flush(&mut out, width);
    out
}

/// The paragraph or list item being gathered.
#[derive(Default)]
struct Paragraph {
    words: String,
    item: bool,
}

impl Paragraph {
    fn flush(&mut self, out: &mut String, width: u16) {
        if self.words.is_empty() {
            return;
        }
        let (first, rest) = if self.item { ("- ", "  ") } else { ("", "") };
        out.push_str(&wrap_lines(&self.words, width, first, rest));
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_items_are_rewrapped_and_headings_and_code_kept() {
        let text = "## What it checks\nEvery table named in `ttl_tables` has time to live\n`ENABLED`; a named table that does not exist fails.\n\n- first item that is long enough\n  to wrap twice over here\n- second\n```\ncode   kept as   written\n```\n";
        assert_eq!(
            reflow(text, 30),
            "## What it checks\nEvery table named in\n`ttl_tables` has time to live\n`ENABLED`; a named table that\ndoes not exist fails.\n\n- first item that is long\n  enough to wrap twice over\n  here\n- second\n```\ncode   kept as   written\n```\n"
        );
    }
}
