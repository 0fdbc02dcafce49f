//! The hellos of the protocol: the first line quotebench writes (the
//! protocols and tasks it offers) and the check of the plugin's answer (its
//! name and version for the signature, the protocol and tasks it chose, a
//! hash of its config). Pure functions, like [`super::answer`].

use super::answer::{bad, expect_type};
use super::{short_hash, Failure, Hello, MAX_LABEL, PROTOCOLS};
use crate::jsonl::{self, Object};
use crate::score::Task;
use serde_json::Value;
use std::collections::BTreeMap;

/// quotebench's hello, fields in protocol order.
#[derive(serde::Serialize)]
struct HelloMessage<'a> {
    r#type: &'static str,
    protocol: u64,
    protocols: [u64; 2],
    task: &'a str,
    tasks: Vec<&'a str>,
}

/// The first line quotebench sends, offering `tasks` (the first is the
/// task of protocol 1).
pub(crate) fn hello_message(tasks: &[Task]) -> String {
    let hello = HelloMessage {
        r#type: "hello",
        protocol: 1,
        protocols: PROTOCOLS,
        task: tasks[0].as_str(),
        tasks: tasks.iter().map(|t| t.as_str()).collect(),
    };
    serde_json::to_string(&hello).unwrap_or_default()
}

/// A name or version usable in a signature: non-empty, at most
/// [`MAX_LABEL`] bytes, no whitespace, `|`, `@` or `;`.
fn label_part(line: usize, msg: &Object, key: &str) -> Result<String, Failure> {
    let value = match msg.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if key == "version" => n.to_string(),
        Some(v) => {
            return Err(bad(
                line,
                format!(
                    "hello: \"{key}\" must be a string, not {}",
                    jsonl::kind_of(v)
                ),
            ))
        }
        None => return Err(bad(line, format!("hello: \"{key}\" is missing"))),
    };
    if value.len() > MAX_LABEL {
        return Err(bad(
            line,
            format!(
                "hello: \"{key}\" is {} bytes; at most {MAX_LABEL} are allowed",
                value.len()
            ),
        ));
    }
    if value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || "|@;".contains(c))
    {
        return Err(bad(
            line,
            format!(
                "hello: \"{key}\" must be non-empty, without spaces, `|` or `@`; got {value:?}"
            ),
        ));
    }
    Ok(value)
}

/// A JSON value with every object's keys sorted, for hashing.
fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let sorted: BTreeMap<&String, Value> =
                m.iter().map(|(k, v)| (k, canonical(v))).collect();
            serde_json::to_value(sorted).unwrap_or(Value::Null)
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        v => v.clone(),
    }
}

/// Checks the plugin's hello; `offered` are the tasks of quotebench's
/// hello (the first is protocol 1's task).
pub(crate) fn check_hello(line: usize, msg: &Object, offered: &[Task]) -> Result<Hello, Failure> {
    expect_type(line, msg, "hello")?;
    let protocol = match msg.get("protocol") {
        None => 1,
        Some(p) => match p.as_u64() {
            Some(n) if PROTOCOLS.contains(&n) => n,
            _ => {
                return Err(bad(
                    line,
                    format!("hello: the plugin speaks protocol {p}; this quotebench speaks protocols 1 and 2"),
                ))
            }
        },
    };
    let name = label_part(line, msg, "name")?;
    let version = label_part(line, msg, "version")?;
    let tasks = if protocol < 2 {
        vec![offered[0]]
    } else {
        match msg.get("tasks") {
            None | Some(Value::Null) => Task::ALL.to_vec(),
            Some(Value::Array(a)) => {
                let mut tasks = Vec::new();
                for t in a {
                    let task = t
                        .as_str()
                        .ok_or_else(|| format!("must be task names, not {}", jsonl::kind_of(t)))
                        .and_then(|s| s.parse::<Task>())
                        .map_err(|e| bad(line, format!("hello: \"tasks\": {e}")))?;
                    if !tasks.contains(&task) {
                        tasks.push(task);
                    }
                }
                if tasks.is_empty() {
                    return Err(bad(line, "hello: \"tasks\" is empty".into()));
                }
                tasks
            }
            Some(v) => {
                return Err(bad(
                    line,
                    format!(
                        "hello: \"tasks\" must be an array of task names, not {}",
                        jsonl::kind_of(v)
                    ),
                ))
            }
        }
    };
    let config = match msg.get("config") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(short_hash(canonical(v).to_string().as_bytes())),
        Some(v) => {
            return Err(bad(
                line,
                format!(
                    "hello: \"config\" must be an object, not {}",
                    jsonl::kind_of(v)
                ),
            ))
        }
    };
    Ok(Hello {
        name,
        version,
        protocol,
        tasks,
        config,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn hello_names_must_fit_a_signature() {
        let offered = [Task::Attribution, Task::EndToEnd];
        let ok = obj(json!({"type": "hello", "name": "x", "version": 2}));
        let h = check_hello(1, &ok, &offered).unwrap();
        assert_eq!(
            (h.name.as_str(), h.version.as_str(), h.protocol),
            ("x", "2", 1)
        );
        assert_eq!(h.tasks, [Task::Attribution]);
        let spaced = obj(json!({"type": "hello", "name": "my plugin", "version": "1"}));
        assert!(check_hello(1, &spaced, &offered).is_err());
        let future = obj(json!({"type": "hello", "name": "x", "version": "1", "protocol": 3}));
        assert_eq!(
            check_hello(1, &future, &offered).unwrap_err().to_string(),
            "stdout line 1: hello: the plugin speaks protocol 3; this quotebench speaks protocols 1 and 2"
        );
    }

    #[test]
    fn a_protocol_2_hello_lists_tasks_and_hashes_its_config() {
        let offered = [Task::Attribution, Task::EndToEnd];
        let h = |v: Value| check_hello(1, &obj(v), &offered);
        let both = h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1"})).unwrap();
        assert_eq!(both.tasks, Task::ALL);
        assert_eq!(both.config, None);
        let one = h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "tasks": ["end-to-end"]})).unwrap();
        assert_eq!(one.tasks, [Task::EndToEnd]);
        let a = h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "config": {"model": "sm", "k": [1, {"b": 1, "a": 2}]}})).unwrap();
        let b = h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "config": {"k": [1, {"a": 2, "b": 1}], "model": "sm"}})).unwrap();
        let c = h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "config": {"model": "lg"}})).unwrap();
        assert_eq!(a.config, b.config, "key order does not matter");
        assert_ne!(a.config, c.config);
        assert_eq!(a.config.unwrap().len(), 8);
        assert_eq!(
            h(json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "config": "sm"}))
                .unwrap_err()
                .to_string(),
            "stdout line 1: hello: \"config\" must be an object, not a string"
        );
        assert!(h(
            json!({"type": "hello", "protocol": 2, "name": "x", "version": "1", "tasks": ["ner"]})
        )
        .is_err());
    }

    #[test]
    fn the_hello_is_one_line() {
        assert_eq!(
            hello_message(&[Task::Attribution, Task::EndToEnd]),
            r#"{"type":"hello","protocol":1,"protocols":[1,2],"task":"attribution","tasks":["attribution","end-to-end"]}"#
        );
    }
}
