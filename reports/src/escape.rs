//! Escaping text that came from AWS (names, tags, messages) for each output format.

/// For a terminal: control characters (escape sequences included) become spaces, so a
/// resource name cannot move the cursor, recolour or retitle the terminal.
pub(crate) fn terminal(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// For Markdown (GitHub-flavoured, inside or outside a table cell): characters with a
/// meaning are backslash-escaped, HTML is neutralised, and newlines become spaces.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '!'
            | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_strips_escape_sequences() {
        assert_eq!(terminal("q\u{1b}[2Jname\n"), "q [2Jname ");
    }

    #[test]
    fn markdown_escapes_tables_links_and_html() {
        assert_eq!(
            markdown("a|b [x](y) <script>"),
            "a\\|b \\[x\\]\\(y\\) &lt;script&gt;"
        );
        assert_eq!(markdown("line\nbreak"), "line break");
    }
}
