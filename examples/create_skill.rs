//! Creates a skill with the real Browser Use API.
//!
//! ```text
//! BROWSER_USE_API_KEY=... cargo run --example create_skill -- "<goal>" "<agent prompt>"
//! ```
//!
//! Without arguments it uses a sample goal and prompt. `BROWSER_USE_BASE_URL` points it at another
//! server. It prints the new skill's id, or the error and exits with status 1.

use std::process::ExitCode;

use browser_use_client::{Client, CreateSkillError, CreateSkillRequest, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("usage: BROWSER_USE_API_KEY=... cargo run --example create_skill -- <goal> <agent prompt>");
            return ExitCode::FAILURE;
        }
    };
    let mut args = std::env::args().skip(1);
    let goal = args
        .next()
        .unwrap_or_else(|| "Find the current top story on Hacker News".to_owned());
    let prompt = args.next().unwrap_or_else(|| {
        "Open news.ycombinator.com and return the title and link of the first story".to_owned()
    });
    match client
        .create_skill(&CreateSkillRequest::new(goal, prompt))
        .await
    {
        Ok(created) => {
            println!("created skill {}", created.id);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(detail) = detail(&err) {
                eprintln!("detail: {detail}");
            }
            let mut cause = std::error::Error::source(&err);
            while let Some(inner) = cause {
                eprintln!("  caused by: {inner}");
                cause = inner.source();
            }
            ExitCode::FAILURE
        }
    }
}

/// The server's explanation, for the errors that carry one.
fn detail(err: &Error<CreateSkillError>) -> Option<String> {
    match err {
        Error::Api(CreateSkillError::BadRequest(body)) => Some(body.detail.clone()),
        Error::Api(CreateSkillError::PaymentRequired(body)) => Some(body.detail.clone()),
        Error::Api(CreateSkillError::TooManyRequests(body)) => Some(body.detail.clone()),
        Error::Api(CreateSkillError::UnprocessableEntity(body)) => {
            let problems = body.detail.as_deref().unwrap_or_default();
            let lines: Vec<String> = problems
                .iter()
                .map(|problem| format!("{:?}: {}", problem.loc, problem.msg))
                .collect();
            Some(lines.join("; "))
        }
        Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body.clone()),
        _ => None,
    }
}
