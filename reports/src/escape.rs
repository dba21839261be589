//! Text that came from AWS (names, tags, messages) made safe for the formats it goes into:
//! first one neutralising step for every format ([`neutralize`], applied to a whole report by
//! [`Report::neutralized`](crate::Report::neutralized)), then each format's own escaping.

use std::fmt::Write as _;

/// Bidirectional-text controls: they reorder what a reader sees (`abc\u{202E}gnp.exe` reads
/// "abcexe.png"). Embeddings and overrides, isolates, and the implicit marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Whether [`neutralize`] shows `c` as an escape: a control character other than newline and
/// tab, or a bidirectional control.
pub(crate) fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The one neutralising step for text from AWS, before any format: control characters (C0
/// but newline and tab, DEL, C1), and so every escape sequence (colours, OSC 8 links, clear
/// screen), and bidirectional controls are shown as visible escapes (`\x1b`, `\u{202E}`).
/// Nothing is dropped, so a name stays tellable from another; what is left is printable, so
/// neutralising twice changes nothing.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    let hostile = is_hostile;
    if !text.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !hostile(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// For a terminal: control characters (escape sequences included) become spaces, so a
/// resource name cannot move the cursor, recolour or retitle the terminal.
pub(crate) fn terminal(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// For Markdown (GitHub-flavoured, inside or outside a table cell): only what would break
/// a table or inject markup is escaped (`|`, backticks, backslashes, link brackets, `*`, HTML, and
/// a leading character that would start a heading, quote, list or rule), so that ids,
/// regions and ARNs read as written; newlines become spaces.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // What would open a block where the text starts a line (a list item's content): a
    // heading, a quote, a list item or rule, a fence.
    if let Some(&first) = chars.peek() {
        let rest = &text[first.len_utf8()..];
        let marker = match first {
            '#' | '>' => true,
            '-' | '+' | '=' | '~' => {
                rest.is_empty() || rest.starts_with(' ') || rest.starts_with(first)
            }
            _ => false,
        };
        if marker {
            out.push('\\');
        }
    }
    for c in chars {
        match c {
            // `*` too: an IAM wildcard (`s3:*Object*`) must not turn into emphasis.
            '\\' | '`' | '|' | '[' | ']' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    // `1. text` or `1) text` at a line's start is an ordered list (`7.0.0` is not).
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let after = &out[digits..];
    if digits > 0
        && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")")
    {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_escapes_and_bidi_are_made_visible_once() {
        assert_eq!(
            neutralize(
                "abc\u{202e}gnp.exe \u{1b}[31mred\u{1b}]8;;http://x\u{7}link\u{9b}2J\nnext\ttab"
            ),
            "abc\\u{202E}gnp.exe \\x1b[31mred\\x1b]8;;http://x\\x07link\\x9b2J\nnext\ttab"
        );
        let once = neutralize("\u{2066}x\u{0}").into_owned();
        assert_eq!(neutralize(&once), once.as_str());
        assert!(matches!(neutralize("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_strips_escape_sequences() {
        assert_eq!(terminal("q\u{1b}[2Jname\n"), "q [2Jname ");
    }

    #[test]
    fn markdown_escapes_tables_links_and_html() {
        assert_eq!(
            markdown("a|b [x](y) <script>`c`"),
            "a\\|b \\[x\\](y) &lt;script>\\`c\\`"
        );
        assert_eq!(markdown("line\nbreak"), "line break");
        assert_eq!(
            markdown("a\\|"),
            "a\\\\\\|",
            "a backslash cannot unescape the pipe"
        );
    }

    #[test]
    fn markdown_leaves_ids_and_regions_as_written() {
        let text = "security.root-mfa (critical) in us-east-1: arn:aws:s3:::my_bucket-1";
        assert_eq!(markdown(text), text);
    }

    #[test]
    fn markdown_escapes_what_would_start_a_block() {
        assert_eq!(markdown("# title"), "\\# title");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("> quote"), "\\> quote");
        assert_eq!(markdown("1. first"), "1\\. first");
        assert_eq!(markdown("12) twelfth"), "12\\) twelfth");
        assert_eq!(markdown("2026 budget"), "2026 budget");
        assert_eq!(markdown("7.0.0"), "7.0.0");
        assert_eq!(markdown("-east"), "-east");
        assert_eq!(markdown("---"), "\\---");
        assert_eq!(markdown("s3:*Object*"), "s3:\\*Object\\*");
    }
}
