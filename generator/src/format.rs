//! Stage 4, format: tokens become one formatted source file with prettyplease.

use proc_macro2::TokenStream;

/// The formatted file: the header, then the items. The tokens are handed to syn as they are,
/// so the output is parsed once, never printed and re-lexed.
///
/// Generation formats the file in parts ([`unparsed`], then [`join`]); the tools' stages
/// format it whole.
#[cfg(feature = "tools")]
pub fn file(header: &str, tokens: TokenStream) -> Result<String, syn::Error> {
    Ok(join(header, &[unparsed(tokens)?]))
}

/// Items formatted by prettyplease, before [`join`] separates them. Items are formatted alone:
/// the items of a file formatted in parts, and the parts joined, are the file formatted whole.
pub fn unparsed(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}

/// The file: the header, then the parts' items, separated.
pub fn join(header: &str, parts: &[String]) -> String {
    let size = parts.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(header.len() + size + size / 8);
    out.push_str(header);
    out.push('\n');
    let mut previous = "";
    for part in parts {
        previous = separate_items(part, previous, &mut out);
    }
    out
}

/// Copies `code` into `out` with a blank line after each top-level item and between the
/// members of an impl block (functions, associated constants), which prettyplease prints back
/// to back. `previous` is the line before `code` (the end of the part before); the last line
/// of `code` is returned, for the next part.
fn separate_items<'a>(code: &'a str, mut previous: &'a str, out: &mut String) -> &'a str {
    for line in code.lines() {
        let top_level_code = !previous.starts_with([' ', '/', '#']);
        let item_ended = previous == "}"
            || top_level_code && (previous.ends_with("{}") || previous.ends_with(';'));
        let fn_ended = previous == "    }" && line.starts_with("    ") && line != "    }";
        let const_ended = previous.starts_with("    const ") && previous.ends_with(';');
        if (item_ended || fn_ended || const_ended) && !line.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    previous
}
