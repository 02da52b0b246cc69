//! Selection: the operations a user asked for (by operationId or by tag) and the closure of the
//! types they reach, taken from a model whose names were all decided over the whole document.
//!
//! Names are decided before anything is left out, so a type is called the same whatever the
//! selection: adding an operation to a selection only adds that operation and the types it
//! brings in, and renames or moves nothing.

use crate::diagnostic::Diagnostic;
use crate::ir::{Api, Operation, StreamMethodKind, Type, TypeKind};
use std::collections::BTreeSet;

/// The operations to generate: those whose operationId is in `operations`, and those with a
/// tag in `tags`, both as the document writes them. Both empty: every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection<'a> {
    /// operationIds.
    pub operations: &'a [String],
    /// Tags.
    pub tags: &'a [String],
}

/// The model holding only the selected operations and the types they reach, or one error per
/// operationId or tag the document does not have, each naming the nearest ones it does.
pub fn select(api: Api, selection: &Selection<'_>) -> Result<Api, Vec<Diagnostic>> {
    if selection.operations.is_empty() && selection.tags.is_empty() {
        return Ok(api);
    }
    let ids: BTreeSet<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.operation_id.as_deref())
        .collect();
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    let mut errors = unknown("operationId", selection.operations, &ids);
    errors.extend(unknown("tag", selection.tags, &tags));
    if !errors.is_empty() {
        return Err(errors);
    }
    let chosen = |op: &Operation| {
        op.operation_id
            .as_ref()
            .is_some_and(|id| selection.operations.contains(id))
            || op.tags.iter().any(|tag| selection.tags.contains(tag))
    };
    let Api {
        types,
        operations,
        client,
        ..
    } = api;
    let operations: Vec<Operation> = operations.into_iter().filter(chosen).collect();
    let whole = Api::new(types, Vec::new(), client);
    let reached = reached(&whole, &operations);
    let Api { types, client, .. } = whole;
    let types = types
        .into_iter()
        .filter(|def| reached.contains(&def.name))
        .collect();
    Ok(Api::new(types, operations, client))
}

/// One error for each of `asked` (operationIds or tags, as `what` says) not among `known`.
fn unknown(what: &str, asked: &[String], known: &BTreeSet<&str>) -> Vec<Diagnostic> {
    asked
        .iter()
        .filter(|name| !known.contains(name.as_str()))
        .map(|name| {
            let message = format!("the document has no {what} `{name}`");
            let near = nearest(name, known);
            let help = if near.is_empty() {
                format!("the document has no {what} near it")
            } else {
                let listed: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                format!("did you mean {}?", listed.join(", "))
            };
            Diagnostic::in_file("", message).with_help(help)
        })
        .collect()
}

/// Most names an error suggests.
const MAX_SUGGESTIONS: usize = 3;

/// The names of `known` nearest `name` (case aside), closest first: at most three, and none
/// further than a third of the name's length (at least two edits).
fn nearest<'k>(name: &str, known: &BTreeSet<&'k str>) -> Vec<&'k str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|candidate| (distance(&lower, &candidate.to_lowercase()), *candidate))
        .filter(|&(d, _)| d <= limit)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, n)| n)
        .collect()
}

/// The edit distance (insertions, deletions, substitutions) between `a` and `b`, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.get(j).map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The names of every type `operations` reach, through the types that hold them.
fn reached(api: &Api, operations: &[Operation]) -> BTreeSet<String> {
    let mut pending: Vec<&Type> = Vec::new();
    let mut roots: Vec<Type> = Vec::new();
    for op in operations {
        roots.extend(op.params.iter().map(|p| Type::Named(p.type_name.clone())));
        roots.extend(op.path_params.iter().map(|p| p.ty.clone()));
        roots.extend(op.body.iter().map(|b| b.ty.clone()));
        let contents = op.success.iter().filter_map(|r| r.content.as_ref());
        let errors = op.errors.iter().filter_map(|r| r.content.as_ref());
        roots.extend(contents.chain(errors).map(|c| c.ty.clone()));
        // A streamed response's items may be of a type no other response names (OpenAI's
        // chat completion chunks).
        match op.stream.as_ref().map(|s| &s.kind) {
            Some(StreamMethodKind::Body(body)) => roots.push(body.item.clone()),
            Some(StreamMethodKind::Pages(paging)) => {
                roots.extend([paging.item.clone(), paging.page.clone()]);
            }
            None => {}
        }
    }
    pending.extend(roots.iter());
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            Type::Named(name) if seen.insert(name.clone()) => {
                if let Some(def) = api.type_named(name) {
                    pending.extend(held(&def.kind));
                }
            }
            Type::Vec(inner) | Type::Map(inner) | Type::Boxed(inner) => pending.push(inner),
            _ => {}
        }
    }
    seen
}

/// The types a type definition holds directly.
fn held(kind: &TypeKind) -> Vec<&Type> {
    match kind {
        TypeKind::Struct(fields) | TypeKind::Params(fields) => {
            fields.iter().map(|f| &f.ty).collect()
        }
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_single_character_edits() {
        assert_eq!(distance("listModels", "listModels"), 0);
        assert_eq!(distance("listModel", "listModels"), 1);
        assert_eq!(distance("lsitModels", "listModels"), 2);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn nearest_lists_close_names_closest_first() {
        let known: BTreeSet<&str> = ["listModels", "listFiles", "createModel", "deleteModel"]
            .into_iter()
            .collect();
        assert_eq!(nearest("listmodel", &known), vec!["listModels"]);
        assert_eq!(
            nearest("dreateModel", &known),
            vec!["createModel", "deleteModel"]
        );
        assert!(nearest("somethingElse", &known).is_empty());
    }
}
