//! What a spec edit does to the generated crate's public API, and whether it breaks callers:
//! one row per edit of `tests/fixtures/specs/api-changes.yaml`, with every change the report
//! must list and its verdict by Rust's semver rules.
//!
//! The ignored test builds the crate of every row and of the base spec, and asks
//! cargo-semver-checks about each pair; the table records what it finds, so that the two
//! agree or the row says why not:
//!
//! ```sh
//! cargo install cargo-semver-checks --locked
//! cargo test -p tests --test api_changes -- --ignored --nocapture
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::surface::diff::{ApiChange, ApiDiff, diff};
use codegen::surface::rules::{Change, Verdict};
use codegen::surface::{ApiSurface, Fact};
use codegen::{Options, lower_to_surface};
use tests::{expanded, fixture, workspace_root};

/// What cargo-semver-checks reports for a row: the lints that fail when the new crate is
/// released as a minor version of the old (for a 0.x crate, as a patch), i.e. its breaking
/// changes.
#[derive(Debug)]
enum SemverChecks {
    /// It fails with these lints, and so do we: breaking.
    Breaking(&'static [&'static str]),
    /// It finds nothing to fail on, and we find nothing breaking.
    Passes,
    /// It finds nothing, where we find a breaking change: why it cannot see it.
    Misses(&'static str),
}

struct Case {
    name: &'static str,
    /// Text replacements, each of text found exactly once in the spec as edited so far.
    edits: &'static [(&'static str, &'static str)],
    /// Every change, as `verdict change path` (change: `added`, `removed`, `renamed`, `type`,
    /// `moved`, `kind`, `gained:<fact>`, `lost:<fact>`).
    changes: &'static [&'static str],
    semver_checks: SemverChecks,
}

const TASK_NOTE: &str = "        note:\n          type: string\n        shape:";
const STATUS_ENUM: &str = "enum: [queued, running, done]";
const LIMIT: &str =
    "        - name: limit\n          in: query\n          schema:\n            type: integer\n";
const GET_TASK_404: &str = "        '404':\n          description: No such task\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n    delete:";
const DELETED: &str = "        '204':\n          description: Deleted\n";
const COMPONENTS: &str = "components:\n  schemas:\n";
const SHAPE_SQUARE: &str = "        - $ref: '#/components/schemas/Square'\n";

const CASES: &[Case] = &[
    Case {
        name: "remove a field",
        edits: &[(TASK_NOTE, "        shape:")],
        changes: &[
            "breaking removed models::Task::note",
            "breaking removed models::Task::with_note",
        ],
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "struct_pub_field_missing",
        ]),
    },
    Case {
        name: "add an optional field",
        edits: &[(
            "        shape:\n          $ref: '#/components/schemas/Shape'\n",
            "        shape:\n          $ref: '#/components/schemas/Shape'\n        priority:\n          type: integer\n",
        )],
        // The struct is `#[non_exhaustive]`: built with `new` and setters, never a literal.
        changes: &[
            "additive added models::Task::priority",
            "additive added models::Task::with_priority",
        ],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "add a required field",
        edits: &[
            ("required: [id, status]", "required: [id, status, owner]"),
            (
                "        id:\n          type: string\n        status:",
                "        id:\n          type: string\n        owner:\n          type: string\n        status:",
            ),
        ],
        // `new` takes the required fields in spec order: one more argument, and `status` moves.
        changes: &[
            "additive added models::Task::owner",
            "breaking added models::Task::new(owner)",
            "breaking moved models::Task::new(status)",
        ],
        semver_checks: SemverChecks::Breaking(&["method_parameter_count_changed"]),
    },
    Case {
        name: "make an optional field of a response type nullable",
        edits: &[(
            TASK_NOTE,
            "        note:\n          type: string\n          nullable: true\n        shape:",
        )],
        changes: &[],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "make a required field nullable",
        edits: &[(
            "        id:\n          type: string\n        status:",
            "        id:\n          type: string\n          nullable: true\n        status:",
        )],
        changes: &[
            "breaking type models::Task::id",
            "breaking type models::Task::new(id)",
        ],
        semver_checks: SemverChecks::Misses(FIELD_TYPES),
    },
    Case {
        name: "make an optional field of a request type nullable",
        edits: &[(
            "        title:\n          type: string\n        note:\n          type: string\n",
            "        title:\n          type: string\n        note:\n          type: string\n          nullable: true\n",
        )],
        changes: &[
            "breaking type models::NewTask::note",
            "breaking type models::NewTask::with_note",
            "additive added models::Nullable",
        ],
        semver_checks: SemverChecks::Misses(FIELD_TYPES),
    },
    Case {
        name: "require the only field of a struct built with Default",
        edits: &[(
            "    Label:\n      type: object\n      properties:\n",
            "    Label:\n      type: object\n      required: [text]\n      properties:\n",
        )],
        changes: &[
            "breaking lost:default models::Label",
            "breaking type models::Label::text",
            "breaking added models::Label::new(text)",
            "breaking removed models::Label::with_text",
        ],
        // It does not report the lost `Default`; the other two changes break the same callers.
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "method_parameter_count_changed",
        ]),
    },
    Case {
        name: "change a field's type",
        edits: &[(
            TASK_NOTE,
            "        note:\n          type: integer\n        shape:",
        )],
        changes: &[
            "breaking type models::Task::note",
            "breaking type models::Task::with_note",
        ],
        semver_checks: SemverChecks::Misses(FIELD_TYPES),
    },
    Case {
        name: "make an optional field required",
        edits: &[("required: [id, status]", "required: [id, status, note]")],
        changes: &[
            "breaking type models::Task::note",
            "breaking added models::Task::new(note)",
            "breaking removed models::Task::with_note",
        ],
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "method_parameter_count_changed",
        ]),
    },
    Case {
        name: "add an enum value",
        edits: &[(STATUS_ENUM, "enum: [queued, running, done, failed]")],
        // The enum is `#[non_exhaustive]`: matches outside the crate have a wildcard arm.
        changes: &["additive added models::Status::Failed"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "remove an enum value",
        edits: &[(STATUS_ENUM, "enum: [queued, running]")],
        changes: &["breaking removed models::Status::Done"],
        semver_checks: SemverChecks::Breaking(&["enum_variant_missing"]),
    },
    Case {
        name: "add an operation",
        edits: &[(
            "  /projects/{projectId}/tasks/{taskId}:\n",
            "  /tasks/{taskId}/cancel:\n    post:\n      operationId: cancelTask\n      parameters:\n        - name: taskId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Cancelled\n  /projects/{projectId}/tasks/{taskId}:\n",
        )],
        changes: &["additive added Client::cancel_task"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "remove an operation",
        edits: &[(
            "    delete:\n      operationId: deleteTask\n      tags: [tasks]\n      parameters:\n        - name: taskId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Deleted\n",
            "",
        )],
        changes: &["breaking removed Client::delete_task"],
        semver_checks: SemverChecks::Breaking(&["inherent_method_missing", "struct_missing"]),
    },
    Case {
        name: "add an optional parameter",
        edits: &[(
            LIMIT,
            "        - name: limit\n          in: query\n          schema:\n            type: integer\n        - name: offset\n          in: query\n          schema:\n            type: integer\n",
        )],
        changes: &["additive added operations::ListTasks::offset"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "add a required parameter",
        edits: &[(
            LIMIT,
            "        - name: limit\n          in: query\n          schema:\n            type: integer\n        - name: project\n          in: query\n          required: true\n          schema:\n            type: string\n",
        )],
        changes: &["breaking added Client::list_tasks(project)"],
        semver_checks: SemverChecks::Breaking(&["method_parameter_count_changed"]),
    },
    Case {
        name: "make an optional parameter required",
        edits: &[(
            LIMIT,
            "        - name: limit\n          in: query\n          required: true\n          schema:\n            type: integer\n",
        )],
        changes: &[
            "breaking added Client::list_tasks(limit)",
            "breaking removed operations::ListTasks::limit",
        ],
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "method_parameter_count_changed",
        ]),
    },
    Case {
        name: "change a parameter's type",
        edits: &[(
            LIMIT,
            "        - name: limit\n          in: query\n          schema:\n            type: string\n",
        )],
        changes: &["breaking type operations::ListTasks::limit"],
        semver_checks: SemverChecks::Misses(ARGUMENT_TYPES),
    },
    Case {
        name: "swap two path parameters",
        edits: &[(
            "        - name: projectId\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: taskId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Moved\n",
            "        - name: taskId\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: projectId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Moved\n",
        )],
        changes: &[
            "breaking moved Client::move_task(project_id)",
            "breaking moved Client::move_task(task_id)",
        ],
        semver_checks: SemverChecks::Misses(
            "both arguments are `&str`: the signature is the same, only the meaning of each \
             place changed, which no type shows",
        ),
    },
    Case {
        name: "change a response type",
        edits: &[(
            "          description: The task\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Task'\n",
            "          description: The task\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/NewTask'\n",
        )],
        changes: &["breaking type operations::GetTask::Output"],
        semver_checks: SemverChecks::Misses(RESPONSE_TYPES),
    },
    Case {
        name: "change a response's item type",
        edits: &[(
            "                type: array\n                items:\n                  $ref: '#/components/schemas/Task'\n",
            "                type: array\n                items:\n                  $ref: '#/components/schemas/NewTask'\n",
        )],
        changes: &["breaking type operations::ListTasks::Output"],
        semver_checks: SemverChecks::Misses(RESPONSE_TYPES),
    },
    Case {
        name: "add a success status with another body",
        edits: &[(
            "        '201':\n          description: Created\n",
            "        '200':\n          description: Already there\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n        '201':\n          description: Created\n",
        )],
        changes: &[
            "breaking type operations::CreateTask::Output",
            "additive added operations::CreateTaskSuccess",
        ],
        semver_checks: SemverChecks::Misses(RESPONSE_TYPES),
    },
    Case {
        name: "add an error status with a new type",
        edits: &[
            (
                GET_TASK_404,
                "        '404':\n          description: No such task\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n        '409':\n          description: Busy\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Busy'\n    delete:",
            ),
            (
                COMPONENTS,
                "components:\n  schemas:\n    Busy:\n      type: object\n      properties:\n        retryAfter:\n          type: integer\n",
            ),
        ],
        changes: &[
            "additive added models::Busy",
            "additive added ErrorBody::Busy",
            "additive added operations::GetTask::Error[409]",
        ],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "add an error status with a known type",
        edits: &[(
            DELETED,
            "        '204':\n          description: Deleted\n        '404':\n          description: No such task\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n",
        )],
        changes: &["additive added operations::DeleteTask::Error[404]"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "remove an error status",
        edits: &[(GET_TASK_404, "    delete:")],
        changes: &["breaking removed operations::GetTask::Error[404]"],
        semver_checks: SemverChecks::Misses(
            "no Rust item changes: `Error::error_body` is `None` where it was \
             `Some(ErrorBody::Problem(…))`, a change of behaviour only",
        ),
    },
    Case {
        name: "rename a schema",
        edits: &[
            (
                "    Problem:\n      type: object\n",
                "    Failure:\n      type: object\n",
            ),
            (
                "          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n  /tasks/{taskId}:",
                "          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Failure'\n  /tasks/{taskId}:",
            ),
            (
                "                $ref: '#/components/schemas/Problem'\n    delete:",
                "                $ref: '#/components/schemas/Failure'\n    delete:",
            ),
        ],
        changes: &[
            "breaking removed models::Problem",
            "additive added models::Failure",
            "breaking removed ErrorBody::Problem",
            "additive added ErrorBody::Failure",
            "breaking type operations::CreateTask::Error[400]",
            "breaking type operations::GetTask::Error[404]",
        ],
        semver_checks: SemverChecks::Breaking(&["enum_variant_missing", "struct_missing"]),
    },
    Case {
        name: "add a tag",
        edits: &[
            (
                "tags:\n  - name: tasks\n",
                "tags:\n  - name: tasks\n  - name: projects\n",
            ),
            (
                "      operationId: moveTask\n",
                "      operationId: moveTask\n      tags: [projects]\n",
            ),
        ],
        // The operation moves from the untagged module, now empty, to the tag's; its builder
        // keeps its name, re-exported as `operations::MoveTask`. The `untagged` feature that
        // gated it goes with the module: a crate that named it no longer builds.
        changes: &[
            "breaking renamed operations::projects",
            "breaking renamed features::projects",
        ],
        semver_checks: SemverChecks::Breaking(&["feature_missing", "module_missing"]),
    },
    Case {
        name: "a collision that renumbers a name",
        edits: &[(
            "\n    label:\n",
            "\n    LABEL:\n      type: object\n      properties:\n        size:\n          type: integer\n    label:\n",
        )],
        changes: &[
            "breaking renamed models::Label3",
            "additive added models::Label2",
        ],
        // It pairs structs by name: `Label2` lost `color` and `with_color`, and gained `size`.
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "struct_pub_field_missing",
        ]),
    },
    Case {
        name: "remove a schema whose name another takes",
        edits: &[(
            "    Label:\n      type: object\n      properties:\n        text:\n          type: string\n",
            "",
        )],
        changes: &[
            "breaking removed models::Label",
            "breaking renamed models::Label",
        ],
        // It pairs structs by name: `Label` lost `text` and `with_text`, and gained `color`.
        semver_checks: SemverChecks::Breaking(&[
            "inherent_method_missing",
            "struct_missing",
            "struct_pub_field_missing",
        ]),
    },
    Case {
        name: "add a schema",
        edits: &[(
            COMPONENTS,
            "components:\n  schemas:\n    Project:\n      type: object\n      properties:\n        name:\n          type: string\n",
        )],
        changes: &["additive added models::Project"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "add a oneOf branch",
        edits: &[
            (
                SHAPE_SQUARE,
                "        - $ref: '#/components/schemas/Square'\n        - $ref: '#/components/schemas/Triangle'\n",
            ),
            (
                COMPONENTS,
                "components:\n  schemas:\n    Triangle:\n      type: object\n      required: [base, height]\n      properties:\n        base:\n          type: number\n        height:\n          type: number\n",
            ),
        ],
        changes: &[
            "additive added models::Triangle",
            "additive added models::Shape::Triangle",
        ],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "change a oneOf branch",
        edits: &[(SHAPE_SQUARE, "        - type: string\n")],
        changes: &[
            "additive added models::Shape::String",
            "breaking removed models::Shape::Square",
        ],
        semver_checks: SemverChecks::Breaking(&["enum_variant_missing"]),
    },
    Case {
        name: "rename an operationId",
        edits: &[("operationId: getTask", "operationId: fetchTask")],
        changes: &["breaking renamed Client::fetch_task"],
        semver_checks: SemverChecks::Breaking(&["inherent_method_missing", "struct_missing"]),
    },
    Case {
        name: "make a required body optional",
        edits: &[(
            "      requestBody:\n        required: true\n",
            "      requestBody:\n        required: false\n",
        )],
        changes: &[
            "breaking removed Client::create_task(body)",
            "additive added operations::CreateTask::body",
        ],
        semver_checks: SemverChecks::Breaking(&["method_parameter_count_changed"]),
    },
    Case {
        name: "add a bearer scheme",
        edits: &[(
            COMPONENTS,
            "components:\n  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n  schemas:\n",
        )],
        changes: &["additive added ClientBuilder::bearer_token"],
        semver_checks: SemverChecks::Passes,
    },
    Case {
        name: "remove the servers",
        edits: &[("servers:\n  - url: https://api.example.com/v1\n", "")],
        changes: &["breaking removed DEFAULT_BASE_URL"],
        semver_checks: SemverChecks::Breaking(&["pub_module_level_const_missing"]),
    },
    Case {
        name: "change a description",
        edits: &[(
            "description: The tasks",
            "description: Every task, newest first",
        )],
        changes: &[],
        semver_checks: SemverChecks::Passes,
    },
];

const FIELD_TYPES: &str = "it does not compare the types of fields";
const ARGUMENT_TYPES: &str = "it does not compare the types of arguments";
const RESPONSE_TYPES: &str = "the response type is the `Output` of the builder's `Future` impl and of `send`'s `impl Future` \
     return type, which it does not compare";

fn base() -> (String, Options) {
    fixture("api-changes.yaml", "api-changes")
}

/// The base spec with a row's edits.
fn edited(case: &Case) -> String {
    let (mut text, _) = base();
    for (from, to) in case.edits {
        let found = text.matches(from).count();
        assert_eq!(found, 1, "{}: `{from}` is found {found} times", case.name);
        text = text.replacen(from, to, 1);
    }
    text
}

fn surface(text: &str, options: &Options) -> ApiSurface {
    let (_, surface, _) = lower_to_surface(text, options).unwrap_or_else(|e| panic!("{e}"));
    surface
}

fn change_word(change: Change) -> String {
    let fact = |fact: Fact| format!("{fact:?}").to_lowercase();
    match change {
        Change::Added => "added".to_owned(),
        Change::Removed => "removed".to_owned(),
        Change::Renamed => "renamed".to_owned(),
        Change::KindChanged => "kind".to_owned(),
        Change::TypeChanged => "type".to_owned(),
        Change::Moved => "moved".to_owned(),
        Change::Gained(f) => format!("gained:{}", fact(f)),
        Change::Lost(f) => format!("lost:{}", fact(f)),
    }
}

fn described(change: &ApiChange) -> String {
    format!(
        "{} {} {}",
        change.verdict.word(),
        change_word(change.change),
        change.path
    )
}

fn case_diff(case: &Case) -> ApiDiff {
    let (text, options) = base();
    diff(&surface(&text, &options), &surface(&edited(case), &options))
}

#[test]
fn the_table_has_the_edits_the_issue_asks_for() {
    assert!(CASES.len() >= 25, "{} rows", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "two rows share a name");
}

#[test]
fn each_edit_changes_the_api_as_the_table_says() {
    let mut failures = Vec::new();
    for case in CASES {
        let diff = case_diff(case);
        let mut found: Vec<String> = diff.changes.iter().map(described).collect();
        let mut expected: Vec<String> = case.changes.iter().map(|c| (*c).to_owned()).collect();
        found.sort();
        expected.sort();
        if found != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  found {found:#?}",
                case.name
            ));
        }
        // The table's verdict and cargo-semver-checks' expectation say the same.
        let breaking = diff.verdict() == Some(Verdict::Breaking);
        let semver_breaking = !matches!(case.semver_checks, SemverChecks::Passes);
        if breaking != semver_breaking {
            failures.push(format!(
                "{}: breaking is {breaking}, cargo-semver-checks: {:?}",
                case.name, case.semver_checks
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_change_names_the_spec_node_and_line_of_its_edit() {
    let spec = "tests/fixtures/specs/api-changes.yaml";
    for case in CASES {
        for change in case_diff(case).changes {
            let at = change
                .at
                .as_deref()
                .unwrap_or_else(|| panic!("{}: {} has no line", case.name, change.path));
            assert!(at.starts_with(&format!("{spec}:")), "{}: {at}", case.name);
            assert!(
                change.pointer.starts_with("#/"),
                "{}: {}",
                case.name,
                change.pointer
            );
        }
    }
    // A removal names where the removed item was, an addition where the new one is.
    let line_of = |text: &str, needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| format!("{spec}:{}", i + 1))
    };
    let (base_text, _) = base();
    let removed = &case_diff(&CASES[0]).changes[0];
    assert_eq!(removed.pointer, "#/components/schemas/Task/properties/note");
    assert_eq!(removed.at, line_of(&base_text, "        note:"));
    let added_case = CASES
        .iter()
        .find(|c| c.name == "add an optional field")
        .unwrap();
    let added = &case_diff(added_case).changes[0];
    assert_eq!(
        added.pointer,
        "#/components/schemas/Task/properties/priority"
    );
    assert_eq!(added.at, line_of(&edited(added_case), "        priority:"));
    let param_case = CASES
        .iter()
        .find(|c| c.name == "add a required parameter")
        .unwrap();
    let param = &case_diff(param_case).changes[0];
    assert_eq!(param.pointer, "#/paths/~1tasks/get/parameters/1");
    assert_eq!(
        param.at,
        line_of(&edited(param_case), "        - name: project")
    );
}

/// The lints cargo-semver-checks fails with for the crate of `current` against `baseline`
/// (rustdoc JSON files), released as a minor version: its breaking changes.
fn semver_checks_lints(baseline: &Path, current: &Path) -> Vec<String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .output()
        .expect("cargo-semver-checks runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(str::to_owned)
        .collect();
    lints.sort();
    lints.dedup();
    assert!(
        output.status.success() || !lints.is_empty(),
        "cargo-semver-checks failed without a lint:\n{text}"
    );
    lints
}

/// Generates the crate of `text` into `dir` and documents it as rustdoc JSON, with the
/// workspace's lock file and a shared target folder; the JSON's path.
fn rustdoc_json(dir: &Path, text: &str, options: &Options, target: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    let output = codegen::generate(text, options).unwrap_or_else(|e| panic!("{e}"));
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let contents = if file.path == Path::new("Cargo.toml") {
            // A workspace of its own, apart from this one.
            format!("{}\n[workspace]\n", file.contents)
        } else {
            file.contents.clone()
        };
        std::fs::write(path, contents).unwrap();
    }
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let status = Command::new("cargo")
        .args(["rustdoc", "--lib", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .args(["--cap-lints", "allow"])
        .env("CARGO_TARGET_DIR", target)
        // rustdoc's JSON output is unstable; this lets a stable toolchain write it.
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .expect("cargo rustdoc runs");
    assert!(status.success(), "rustdoc failed for {}", dir.display());
    let json = target.join("doc").join("api_changes.json");
    let kept = dir.with_extension("json");
    std::fs::copy(&json, &kept).unwrap();
    kept
}

#[test]
#[ignore = "needs cargo-semver-checks, and documents 36 crates"]
fn cargo_semver_checks_agrees_with_the_table() {
    let installed = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(installed, "cargo install cargo-semver-checks --locked");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("api-changes");
    let target = scratch.join("target");
    let (text, options) = base();
    let baseline = rustdoc_json(&scratch.join("base"), &text, &options, &target);
    let mut rows = vec![
        "| edit | ours | cargo-semver-checks | agree |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    let mut disagreements = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let dir = scratch.join(format!("case-{i:02}"));
        let current = rustdoc_json(&dir, &edited(case), &options, &target);
        let lints = semver_checks_lints(&baseline, &current);
        let diff = case_diff(case);
        let ours = match diff.verdict() {
            Some(Verdict::Breaking) => "breaking",
            Some(Verdict::Additive) => "additive",
            None => "unchanged",
        };
        let theirs = if lints.is_empty() {
            "passes".to_owned()
        } else {
            format!("breaking: {}", lints.join(", "))
        };
        let agree = match &case.semver_checks {
            SemverChecks::Breaking(expected) => {
                let mut expected: Vec<&str> = expected.to_vec();
                expected.sort_unstable();
                if lints != expected {
                    disagreements.push(format!(
                        "{}: table says {expected:?}, found {lints:?}",
                        case.name
                    ));
                }
                "yes".to_owned()
            }
            SemverChecks::Passes => {
                if !lints.is_empty() {
                    disagreements.push(format!(
                        "{}: table says it passes, found {lints:?}",
                        case.name
                    ));
                }
                "yes".to_owned()
            }
            SemverChecks::Misses(why) => {
                if !lints.is_empty() {
                    disagreements.push(format!(
                        "{}: table says it misses, found {lints:?}",
                        case.name
                    ));
                }
                format!("no: {why}")
            }
        };
        rows.push(format!("| {} | {ours} | {theirs} | {agree} |", case.name));
    }
    println!("{}", rows.join("\n"));
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Lines of `text` that declare a public item starting with `prefix`, at the indentation given.
fn declarations(text: &str, indent: usize, prefix: &str) -> usize {
    text.lines()
        .filter(|line| {
            line.len() > indent
                && line[..indent].bytes().all(|b| b == b' ')
                && line[indent..].starts_with(prefix)
        })
        .count()
}

/// The optional members listed in the `optional { … }` blocks of `operation!` calls.
fn optional_members(text: &str) -> usize {
    let mut inside = false;
    let mut count = 0;
    for line in text.lines() {
        match line {
            "    optional {" => inside = true,
            "    }" => inside = false,
            member if inside && !member.trim_start().starts_with(['/', '#']) => count += 1,
            _ => {}
        }
    }
    count
}

/// The summary describes the code: every public type, field and function that the generated
/// sources declare is an item of `api.json`, so that a change to what emission writes cannot
/// leave the API report blind to it.
#[test]
fn the_summary_lists_every_public_item_of_the_checked_in_crates() {
    use codegen::surface::Kind;
    for folder in [
        "generated-client",
        "tests/clients/operations",
        "tests/clients/livepeer-full",
        "tests/clients/api-keys",
    ] {
        let root = workspace_root().join(folder);
        let read =
            |file: &str| expanded(&std::fs::read_to_string(root.join(file)).unwrap_or_default());
        let api = ApiSurface::from_json(&read("api.json")).unwrap();
        let count = |kind: Kind, prefix: &str| {
            api.items
                .iter()
                .filter(|i| i.kind == kind && i.path.starts_with(prefix))
                .count()
        };
        let models = read("src/models.rs");
        // `operations.rs` declares one module per tag, each in `operations/`.
        let mut operations = read("src/operations.rs");
        let mut tag_modules: Vec<_> = std::fs::read_dir(root.join("src/operations"))
            .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        tag_modules.sort();
        for module in &tag_modules {
            operations.push_str(&std::fs::read_to_string(module).unwrap());
        }
        let newtypes = models
            .lines()
            .filter(|l| l.starts_with("pub struct") && l.contains("(pub "))
            .count();
        let string_enums = declarations(&models, 4, "pub fn as_str(");
        let found = [
            declarations(&models, 0, "pub struct "),
            declarations(&models, 0, "pub enum "),
            declarations(&models, 0, "pub type "),
            declarations(&models, 4, "pub ") - declarations(&models, 4, "pub fn ") + newtypes,
            // Structs' `new` and `with_` setters come from the `constructor!` and
            // `with_setter!` macros, one call each.
            declarations(&models, 4, "pub fn ") - string_enums
                + declarations(&models, 4, "constructor!(")
                + declarations(&models, 4, "with_setter!("),
            // Each builder comes from an `operation!` call.
            declarations(&operations, 0, "operation! {"),
            declarations(&operations, 0, "pub enum "),
            // The call names the method and lists the optional members, each a setter; the
            // per-request setters, `send` and `send_with_response` come with every call.
            declarations(&operations, 4, "pub fn ")
                + optional_members(&operations)
                + 4 * declarations(&operations, 0, "operation! {"),
            declarations(&operations, 0, "pub mod "),
        ];
        let builders = count(Kind::Struct, "operations::");
        let summarized = [
            count(Kind::Struct, "models::"),
            count(Kind::Enum, "models::"),
            count(Kind::TypeAlias, "models::"),
            count(Kind::Field, "models::"),
            count(Kind::Method, "models::") + count(Kind::Setter, "models::"),
            builders,
            count(Kind::Enum, "operations::"),
            // Each builder also has `send` and `send_with_response`.
            count(Kind::Method, "Client::") + count(Kind::Setter, "operations::") + 2 * builders,
            count(Kind::Module, "operations::"),
        ];
        assert_eq!(
            found, summarized,
            "{folder}: models' structs, enums, aliases, fields and other functions, \
             operations' builders, success enums, functions and tag modules"
        );
        // The facts semver rules read are the code's: every model but `Nullable` is
        // `#[non_exhaustive]`, and the structs without a required field derive `Default`.
        let with_fact = |fact: Fact| {
            api.items
                .iter()
                .filter(|i| i.path.starts_with("models::") && i.has(fact))
                .count()
        };
        assert_eq!(
            models.matches("#[non_exhaustive]").count(),
            with_fact(Fact::NonExhaustive),
            "{folder}: #[non_exhaustive] models"
        );
        let constants = models.matches("pub const JSON").count();
        assert_eq!(
            // Derived with serde's impls (structs with a flattened field) or without (the
            // others: `object!` writes them).
            models
                .matches(", Default, Serialize, Deserialize)]")
                .count()
                + models
                    .matches("#[derive(Debug, Clone, PartialEq, Default)]")
                    .count()
                + constants,
            with_fact(Fact::Default),
            "{folder}: models with Default"
        );
    }
}
