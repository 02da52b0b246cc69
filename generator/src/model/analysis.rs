//! What needs the whole model: which types have constraints to check, and which fields must be
//! boxed so that recursive types have a size.

use crate::ir::{Type, TypeDef, TypeKind};
use std::collections::HashMap;

/// Marks every type that has constraints to check, directly or through what it holds: the types
/// with constraints of their own, then everything that holds them, walking the graph backwards
/// once (linear; a pass per link of a chain of types was cubic).
pub(super) fn mark_validating(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut pending = Vec::new();
    for (holder, def) in types.iter().enumerate() {
        let own = match &def.kind {
            TypeKind::Struct(fields) | TypeKind::Params(fields) => fields
                .iter()
                .any(|f| !f.constraints.is_empty() || !f.item_constraints.is_empty()),
            _ => false,
        };
        if own || def.validates {
            pending.push(holder);
        }
        let mut names = Vec::new();
        held(&def.kind).for_each(|ty| named_within(ty, &mut names));
        for name in names {
            if let Some(&held) = index.get(name) {
                holders[held].push(holder);
            }
        }
    }
    let mut validates = vec![false; types.len()];
    while let Some(node) = pending.pop() {
        if !std::mem::replace(&mut validates[node], true) {
            pending.extend(holders[node].iter().copied().filter(|&h| !validates[h]));
        }
    }
    for (def, validates) in types.iter_mut().zip(validates) {
        def.validates = validates;
    }
}

/// Boxes every field and variant that holds a type of its own strongly connected component: a
/// type that contains itself, directly or through others, without a list or map between.
pub(super) fn box_recursion(types: &mut [TypeDef]) {
    let edges = edges(types, |kind| held(kind).filter_map(direct_target).collect());
    let component = components(&edges);
    let names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
    for (owner, def) in types.iter_mut().enumerate() {
        for ty in held_mut(&mut def.kind) {
            let target = direct_target(ty).and_then(|name| names.iter().position(|n| n == name));
            if target.is_some_and(|target| component[target] == component[owner]) {
                *ty = Type::Boxed(Box::new(ty.clone()));
            }
        }
    }
}

/// The cycles of type aliases (`type A = B; type B = A;`): schemas that are themselves through
/// references only, with no struct, union, enum, list or map between, which no value can be. Each cycle is given once, as the names of its types in sorted order.
pub(super) fn alias_cycles(types: &[TypeDef]) -> Vec<Vec<String>> {
    // Only a direct reference: through a list or map the type is a tree, which a newtype can
    // hold (see `newtype_recursive_aliases`).
    let edges = edges(types, |kind| match kind {
        TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
        _ => Vec::new(),
    });
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (node, id) in components(&edges).into_iter().enumerate() {
        groups.entry(id).or_default().push(node);
    }
    let mut cycles: Vec<Vec<String>> = groups
        .into_values()
        .filter(|members| members.len() > 1 || edges[members[0]].contains(&members[0]))
        .map(|members| {
            let mut names: Vec<String> = members.iter().map(|&n| types[n].name.clone()).collect();
            names.sort();
            names
        })
        .collect();
    cycles.sort();
    cycles
}

/// The names of the types `ty` mentions, at any depth.
fn named_within<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Named(name) => out.push(name),
        Type::Vec(inner) | Type::Map(inner) | Type::Boxed(inner) => named_within(inner, out),
        _ => {}
    }
}

/// Turns every alias that refers to itself, through other aliases and any lists or maps, into
/// a newtype: a type alias cannot be recursive, a struct can.
pub(super) fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let edges = edges(types, |kind| match kind {
        TypeKind::Alias(ty) => {
            let mut names = Vec::new();
            named_within(ty, &mut names);
            names
        }
        _ => Vec::new(),
    });
    let component = components(&edges);
    let recursive: Vec<bool> = (0..types.len())
        .map(|i| {
            edges[i].contains(&i)
                || (0..types.len()).any(|j| j != i && component[j] == component[i])
        })
        .collect();
    for (def, recursive) in types.iter_mut().zip(recursive) {
        if let (true, TypeKind::Alias(ty)) = (recursive, &def.kind) {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// The graph of `types`: for each, the indices of the types `targets` names in its kind (names
/// that are not types of the model are left out).
fn edges(types: &[TypeDef], targets: impl Fn(&TypeKind) -> Vec<&str>) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    types
        .iter()
        .map(|t| {
            targets(&t.kind)
                .into_iter()
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect()
}

/// The named type a value holds inline (not behind a list or map), if any.
fn direct_target(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        _ => None,
    }
}

fn held(kind: &TypeKind) -> Box<dyn Iterator<Item = &Type> + '_> {
    match kind {
        TypeKind::Struct(fields) | TypeKind::Params(fields) => {
            Box::new(fields.iter().map(|f| &f.ty))
        }
        TypeKind::Union { variants, .. } => Box::new(variants.iter().map(|v| &v.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => Box::new(std::iter::once(ty)),
        TypeKind::Enum { .. } => Box::new(std::iter::empty()),
    }
}

fn held_mut(kind: &mut TypeKind) -> Vec<&mut Type> {
    match kind {
        TypeKind::Struct(fields) | TypeKind::Params(fields) => {
            fields.iter_mut().map(|f| &mut f.ty).collect()
        }
        TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        // An alias cannot be boxed without changing what it names; a cycle of aliases alone is
        // not a type any document can mean.
        TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Alias(_) | TypeKind::Enum { .. } => Vec::new(),
    }
}

/// The strongly connected component of each node (Kosaraju's algorithm, iterative so that deep
/// graphs cannot overflow the stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (id, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn components_group_cycles() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 3 -> 3 a self-loop, 4 stands alone and points into the cycle.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }

    #[test]
    fn alias_cycles_are_found_once_and_structs_break_them() {
        use crate::ir::{Type, TypeDef, TypeKind};
        let def = |name: &str, kind| TypeDef {
            name: name.into(),
            doc: vec![],
            kind,
            validates: false,
        };
        let alias = |name: &str, ty| def(name, TypeKind::Alias(ty));
        let named = |name: &str| Type::Named(name.into());
        let types = vec![
            alias("B", named("A")),
            alias("A", Type::Vec(Box::new(named("B")))),
            alias("Me", Type::Map(Box::new(named("Me")))),
            alias("ToStruct", named("S")),
            def("S", TypeKind::Struct(vec![])),
            alias("Plain", Type::String),
            alias("X", named("Y")),
            alias("Y", named("X")),
        ];
        // Only references all the way round make an impossible type; a list or map between
        // makes a tree, which becomes a newtype.
        assert_eq!(super::alias_cycles(&types), [vec!["X", "Y"]]);
        let mut types = types;
        super::newtype_recursive_aliases(&mut types);
        let newtypes: Vec<&str> = types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Newtype(_)))
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(newtypes, ["B", "A", "Me", "X", "Y"]);
    }
}
