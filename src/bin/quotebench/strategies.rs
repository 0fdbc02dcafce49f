//! `quotebench strategies`: the registry, one line per strategy.

use anyhow::Result;

pub fn run() -> Result<u8> {
    let all = quotebench::strategy::builtins();
    let width = all.iter().map(|s| s.name().len()).max().unwrap_or(0);
    let mut out = String::new();
    for s in &all {
        out.push_str(&format!(
            "{:<width$}  v{}  {}\n",
            s.name(),
            s.version(),
            s.summary()
        ));
    }
    crate::emit(&out, None)?;
    Ok(0)
}
