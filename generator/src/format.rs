//! Stage 4, format: tokens become one formatted source file with prettyplease.

use proc_macro2::TokenStream;

/// The formatted file: the header, then the items. The tokens are handed to syn as they are,
/// so the output is parsed once, never printed and re-lexed.
pub fn file(header: &str, tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    let mut out = String::with_capacity(header.len() + 64 * 1024);
    out.push_str(header);
    out.push('\n');
    separate_items(&prettyplease::unparse(&file), &mut out);
    Ok(out)
}

/// Copies `code` into `out` with a blank line after each top-level item and between the
/// members of an impl block (functions, associated constants), which prettyplease prints back
/// to back.
fn separate_items(code: &str, out: &mut String) {
    let mut previous = "";
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
}
