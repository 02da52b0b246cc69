//! Says, in the test output, that the full-API tests were skipped and where the spec was
//! looked for, when the build found no shared specs beside the repository (outside CI only:
//! with `CI` set that build fails instead).

#[cfg(not(full_api_spec))]
#[test]
fn full_api_tests_skipped_without_the_shared_spec() {
    let looked = env!("FULL_API_SPEC");
    assert!(std::env::var_os("CI").is_none(), "CI needs {looked}");
    eprintln!("skipped: the full-API tests need the shared spec, looked for at {looked}");
}

#[cfg(full_api_spec)]
#[test]
fn the_shared_spec_was_found_and_generated() {
    let spec = std::path::Path::new(env!("FULL_API_SPEC"));
    assert!(spec.is_file(), "{}", spec.display());
}
