//! The house's structural rules, checked on the source: the modules of `src/` depend on each other
//! without a cycle (`docs/architecture.md` says so), and the edges (`http`, `cli`) are not used by any
//! layer below them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules of `src/` (a folder or a file), each with the top-level modules its files name
/// as `crate::NAME`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(name.as_str(), "main" | "lib") {
            continue;
        }
        let files = if path.is_dir() {
            walk(&path)
        } else if path.extension().is_some_and(|e| e == "rs") {
            vec![path.clone()]
        } else {
            continue;
        };
        modules.entry(name).or_default().extend(files);
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .into_iter()
        .map(|(module, files)| {
            let mut uses = BTreeSet::new();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap();
                // Test code may reach anywhere; the rule is about the shipped code.
                let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
                for (i, _) in shipped.match_indices("crate::") {
                    let rest = &shipped[i + "crate::".len()..];
                    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if names.contains(&name) && name != module {
                        uses.insert(name);
                    }
                }
                // `use crate::{a, b::c}` groups.
                for (i, _) in shipped.match_indices("use crate::{") {
                    let group = &shipped[i + "use crate::{".len()..];
                    let group = &group[..group.find("};").unwrap_or(group.len())];
                    for part in group.split(',') {
                        let name: String = part
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if names.contains(&name) && name != module {
                            uses.insert(name);
                        }
                    }
                }
            }
            (module, uses)
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// A cycle through `from`, if there is one: the path of modules back to it.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_owned(), vec![from.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(from.to_owned());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn the_modules_of_src_depend_on_each_other_without_a_cycle() {
    let graph = module_graph();
    assert!(graph.contains_key("store") && graph.contains_key("images"), "{graph:?}");
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn nothing_below_the_edges_uses_http_or_cli() {
    let graph = module_graph();
    for (module, uses) in &graph {
        if matches!(module.as_str(), "http" | "cli") {
            continue;
        }
        for edge in ["http", "cli"] {
            assert!(!uses.contains(edge), "{module} uses the edge {edge}");
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("config", &["images"][..]),
        ("images", &["providers"][..]),
        ("providers", &["config"][..]),
        ("domain", &[][..]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_owned(), uses.iter().map(|u| (*u).to_owned()).collect()))
    .collect();
    assert_eq!(
        cycle_from(&graph, "config").unwrap().join(" -> "),
        "config -> images -> providers -> config"
    );
    assert_eq!(cycle_from(&graph, "domain"), None);
}

#[test]
fn no_file_of_the_painter_is_over_a_thousand_lines() {
    let painter = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/painter/src");
    let long: Vec<String> = walk(&painter)
        .into_iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(&f).unwrap().lines().count();
            (lines > 1_000).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by feature: {long:?}");
}

/// `src/` files with the path relative to it, and their text.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walk(&src)
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

#[test]
fn the_edges_reach_the_system_only_through_the_front_door() {
    // `App`'s parts are private: an edge that reached through it would not compile, so this checks that
    // they stay private, and that the edges build no part of their own.
    let (_, app) = sources().into_iter().find(|(f, _)| f == "app/mod.rs").unwrap();
    let fields = app.split("pub struct App {").nth(1).unwrap().split('}').next().unwrap();
    assert!(!fields.contains("pub "), "App has a public field: {fields}");
    for (file, text) in sources() {
        if file.starts_with("http/") || file.starts_with("cli/") {
            for part in [
                "Scheduler::new",
                "Environment {",
                "SqliteStore::open",
                "RedisStore::connect",
            ] {
                assert!(!text.contains(part), "{file} builds {part} itself");
            }
        }
    }
}

#[test]
fn only_the_scheduler_enqueues() {
    for (file, text) in sources() {
        if file.starts_with("scheduler/") || file.starts_with("store/") {
            continue;
        }
        assert!(
            !text.contains("store.enqueue(") && !text.contains("fire_schedule("),
            "{file} enqueues into the store itself; use scheduler::Queue"
        );
    }
}

#[test]
fn each_job_has_a_file_of_its_own_and_runs_on_the_environment() {
    let jobs: Vec<(String, String)> = sources()
        .into_iter()
        .filter(|(_, text)| text.contains("impl Job for "))
        .collect();
    assert!(jobs.len() >= 2, "{:?}", jobs.iter().map(|j| &j.0).collect::<Vec<_>>());
    for (file, text) in &jobs {
        assert!(
            file.starts_with("pipeline/jobs/"),
            "{file}: jobs live in pipeline/jobs/"
        );
        assert_eq!(
            text.matches("impl Job for ").count(),
            1,
            "{file} holds more than one job"
        );
        assert!(
            text.contains("type Env = Arc<Environment>;"),
            "{file}: a job runs on the Environment"
        );
    }
}
