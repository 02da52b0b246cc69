//! Paging settings (`Builder::paging`, `--paging`, a job's `paging`): turning an operation's
//! `_stream` method off, giving a plan detection did not find, and the errors for an unknown
//! operationId and for a plan that does not fit the operation.

use openapi_rust_gen::{generate, Builder, Config};

const SPEC: &str = include_str!("specs/pages.yaml");

fn with(settings: &[&str]) -> Result<String, String> {
    let mut config = Config::new("pages.yaml");
    config.paging = settings.iter().map(|s| (*s).to_owned()).collect();
    generate(&config, SPEC).map_err(|diagnostics| diagnostics.render())
}

#[test]
fn a_setting_turns_a_stream_method_off_or_changes_its_plan() {
    let detected = with(&[]).unwrap();
    assert!(detected.contains("fn list_numbered_stream<'a>"));
    let off = with(&["list_numbered=off"]).unwrap();
    assert!(!off.contains("fn list_numbered_stream"));
    assert!(
        off.contains("fn list_cursor_stream"),
        "other operations keep theirs"
    );
    let changed = with(&["list_numbered=offset:pageNumber,limit=pageSize,total=totalItems"]);
    let changed = changed.unwrap();
    assert!(changed.contains("runtime::paging::offsets("), "{changed}");
    let builder = Builder::new("pages.yaml").paging("a=off").paging("b=links");
    assert_eq!(builder.config().paging, ["a=off", "b=links"]);
}

#[test]
fn an_unknown_operation_or_an_unfit_plan_is_an_error() {
    let unknown = with(&["list_numberd=off"]).unwrap_err();
    assert!(unknown.contains("no such operationId"), "{unknown}");
    assert!(
        unknown.contains("did you mean `list_numbered`?"),
        "{unknown}"
    );
    let unfit = with(&["list_numbered=cursor:q,next=nowhere"]).unwrap_err();
    assert!(
        unfit.contains("paging setting for `list_numbered`"),
        "{unfit}"
    );
}
