//! `ref`/`relref` on a site too large to score every content file for a
//! suggestion (see `suggest::PathIndex`): what resolves, what is reported,
//! and the exact "did you mean" of each broken one, the same as scoring
//! every file gives for these.

use std::path::Path;
use std::process::Command;

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn refs_on_a_site_of_600_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    write(
        site,
        "hugo.toml",
        "baseURL = \"https://ex.org/\"\ntitle = \"T\"\n",
    );
    write(
        site,
        "frontlint.toml",
        "[[schemas]]\npaths = [\"**\"]\nschema = \"builtin:page\"\n",
    );
    for i in 0..300 {
        write(
            site,
            &format!("content/notes/entry-{i}.md"),
            "---\ntitle: E\n---\nx\n",
        );
        write(
            site,
            &format!("content/blog/post-{i}.md"),
            "---\ntitle: P\n---\nx\n",
        );
    }
    write(site, "content/docs/install.md", "---\ntitle: I\n---\nx\n");
    write(
        site,
        "content/guides/getting-started/index.md",
        "---\ntitle: G\n---\nx\n",
    );
    // Lines 4-7 resolve: from the root (after trying the page's folder), by
    // Hugo path, relative. Lines 8-12 name no file.
    write(
        site,
        "content/docs/faq.md",
        r#"---
title: FAQ
---
{{< ref "guides/getting-started/index.md" >}}
{{< ref "/docs/install" >}}
{{< relref "install.md" >}}
{{< ref "/notes/entry-7" >}}
{{< ref "docs/instal.md" >}}
{{< relref "dcs/install.md" >}}
{{< ref "notes/entri-42.md" >}}
{{< ref "guides/getting-startd" >}}
{{< ref "blog/post-1000.md" >}}
"#,
    );
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--no-cache", "--format", "json", "."])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .env_remove("FRONTLINT_CONFIG")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(u64, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let broken = |line, kind: &str, path: &str, meant: &str| {
        (
            line,
            format!("{kind} \"{path}\" names no page (REF_NOT_FOUND: page not found); Hugo will fail the build"),
            format!("did you mean \"{meant}\"?"),
        )
    };
    assert_eq!(
        got,
        vec![
            broken(8, "ref", "docs/instal.md", "docs/install.md"),
            // A misspelt folder: found by the file's name.
            broken(9, "relref", "dcs/install.md", "docs/install.md"),
            broken(10, "ref", "notes/entri-42.md", "notes/entry-42.md"),
            // A misspelt bundle: found among its folder's bundles.
            broken(
                11,
                "ref",
                "guides/getting-startd",
                "guides/getting-started/index.md"
            ),
            broken(12, "ref", "blog/post-1000.md", "blog/post-100.md"),
        ]
    );
}
