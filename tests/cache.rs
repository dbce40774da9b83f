//! A run that uses the content cache reports exactly what a cold run reports,
//! after edits, deletions and renames; a corrupt cache is ignored.

use std::path::Path;
use std::process::Command;

mod common;
use common::copy_dir;

fn check(site: &Path, cache: &Path, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--format", "json", "--cache-dir"])
        .arg(cache)
        .args(extra)
        .current_dir(site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Cold (no cache) and cached runs agree, and the cache was really used.
fn assert_same(site: &Path, cache: &Path) -> String {
    let (code_cold, cold) = check(site, cache, &["--no-cache"]);
    let (code_warm, warm) = check(site, cache, &[]);
    assert_eq!(code_cold, code_warm);
    assert_eq!(cold, warm);
    // And once more, now that every page is cached.
    let (_, again) = check(site, cache, &[]);
    assert_eq!(cold, again);
    cold
}

#[test]
fn cached_runs_equal_cold_runs_after_edits_deletions_and_renames() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/links/broken-links"), &site);
    let first = assert_same(&site, &cache);
    assert!(
        std::fs::read_dir(&cache).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("pages-")),
        "a cache file was written"
    );
    assert!(cache.join(".gitignore").is_file());

    // Edit a page: break its YAML. (Same length edits are caught too: bytes are compared.)
    let page = site.join("content/services/audits.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("title:", "title: [unclosed", 1)).unwrap();
    let edited = assert_same(&site, &cache);
    assert_ne!(first, edited);
    assert!(edited.contains("yaml-syntax"), "{edited}");

    // Delete a link target: links to it break, although the linking pages are cached.
    let target = site.join("content/services/training.md");
    assert!(target.is_file());
    std::fs::remove_file(&target).unwrap();
    let deleted = assert_same(&site, &cache);
    assert!(
        deleted.matches("link-broken").count() > edited.matches("link-broken").count(),
        "{deleted}"
    );

    // Rename a page: its diagnostics move with it.
    std::fs::rename(&page, site.join("content/services/audit-services.md")).unwrap();
    let renamed = assert_same(&site, &cache);
    assert!(renamed.contains("content/services/audit-services.md"));
    assert!(!renamed.contains("content/services/audits.md"));
}

#[test]
fn a_corrupt_cache_is_ignored() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/broken-schema"), &site);
    let (_, cold) = check(&site, &cache, &[]);
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("pages-")
        {
            let mut bytes = std::fs::read(&p).unwrap();
            let n = bytes.len();
            for b in &mut bytes[n / 2..] {
                *b = b.wrapping_add(1);
            }
            std::fs::write(&p, bytes).unwrap();
        }
    }
    let (_, after) = check(&site, &cache, &[]);
    assert_eq!(cold, after);
    std::fs::write(cache.join("pages-0000000000000000.bin"), b"not a cache").unwrap();
    let (_, again) = check(&site, &cache, &[]);
    assert_eq!(cold, again);
}

#[test]
fn no_cache_writes_nothing() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo.join("fixtures/example-site"), &site);
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--no-cache", "--format", "short"])
        .current_dir(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!site.join(".frontlint_cache").exists());
}

/// A site large enough that the cache decodes entries ahead of the pages (while
/// the site is walked): still exactly what a cold run reports.
#[test]
fn a_large_site_decoded_ahead_equals_cold_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(site.join("content/notes")).unwrap();
    std::fs::write(
        site.join("hugo.yaml"),
        "baseURL: https://example.org/\ntitle: Notes\n",
    )
    .unwrap();
    std::fs::write(
        site.join("frontlint.toml"),
        "[[schemas]]\npaths = [\"**\"]\nschema = \"builtin:page\"\n",
    )
    .unwrap();
    let page = |i: usize| site.join(format!("content/notes/n{i}.md"));
    for i in 0..300 {
        // Every page links to the next; every tenth to a page that is not there.
        let mut text = format!(
            "---\ntitle: Note {i}\ntags: [a, b]\nweight: {i}\n---\n\n## Part {i}\n\nSee [next](/notes/n{}/#part-{}).\n",
            i + 1,
            i + 1
        );
        if i % 10 == 0 {
            text.push_str(&format!("And [gone](/notes/missing-{i}/).\n"));
        }
        std::fs::write(page(i), text).unwrap();
    }
    let first = assert_same(&site, &cache);
    assert!(first.contains("missing-0"), "{first}");

    // An edit, a deleted link target, a new page.
    std::fs::write(page(3), "---\ntitle: [unclosed\n---\n").unwrap();
    std::fs::remove_file(page(150)).unwrap();
    std::fs::write(page(300), "---\ntitle: Last\n---\n").unwrap();
    let changed = assert_same(&site, &cache);
    assert!(changed.contains("yaml-syntax"), "{changed}");
    assert!(changed.contains("/notes/n150/"), "{changed}");
    assert_ne!(first, changed);
}

/// The Hugo config decides what a page's cached facts hold (its taxonomies)
/// and how links resolve: changing it must not reuse results made under the old one.
#[test]
fn a_changed_hugo_config_is_not_served_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(site.join("content/talks")).unwrap();
    let config = site.join("hugo.toml");
    std::fs::write(&config, "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::write(
        site.join("content/talks/opening.md"),
        "---\ntitle: Opening talk\nseries: [spring]\n---\n\nPart of a series.\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/talks/index-of-series.md"),
        "---\ntitle: Every series\n---\n\nSee [spring](/series/spring/).\n",
    )
    .unwrap();
    // `series` is no taxonomy yet: the link leads nowhere.
    let before = assert_same(&site, &cache);
    assert!(before.contains("link-broken"), "{before}");

    std::fs::write(
        &config,
        "baseURL = 'https://example.org/'\n[taxonomies]\nseries = 'series'\n",
    )
    .unwrap();
    let after = assert_same(&site, &cache);
    assert!(!after.contains("link-broken"), "{after}");
}

/// When no content file changed, a run reuses the last run's link results, but
/// only while the files those links lead to are as they were: adding, removing
/// or renaming a `static/` file or a bundle resource is seen at once.
#[test]
fn link_results_are_reused_only_while_linked_files_are_unchanged() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/links/static-and-bundles"), &site);
    let first = assert_same(&site, &cache);
    // (Messages end `… → \"<url>\" leads nowhere…` in JSON.)
    let broken = |url: &str| format!("{url}\\\" leads nowhere");
    assert!(first.contains(&broken("/img/map.png")), "{first}");
    assert!(first.contains(&broken("photo-night.jpg")), "{first}");
    assert!(
        std::fs::read_dir(&cache).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("last-")),
        "the run's results were stored"
    );

    // A missing static file appears: that link is no longer broken.
    std::fs::write(site.join("static/img/map.png"), b"png").unwrap();
    let added = assert_same(&site, &cache);
    assert!(!added.contains(&broken("/img/map.png")), "{added}");

    // A linked static file goes away; a missing bundle resource appears.
    std::fs::remove_file(site.join("static/files/brochure.pdf")).unwrap();
    std::fs::write(site.join("content/projects/bridge/photo-night.jpg"), b"jpg").unwrap();
    let changed = assert_same(&site, &cache);
    assert!(
        changed.contains(&broken("/files/brochure.pdf")),
        "{changed}"
    );
    assert!(!changed.contains(&broken("photo-night.jpg")), "{changed}");

    // A new file changes what a broken file link's "did you mean" offers.
    std::fs::write(site.join("static/files/brochure-2.pdf"), b"pdf").unwrap();
    let suggested = assert_same(&site, &cache);
    assert_ne!(changed, suggested);
    assert!(suggested.contains("brochure-2.pdf"), "{suggested}");
}

/// Pages checked by an earlier run are reused; a run that checks more pages
/// than the stored run did works them out afresh, and both agree with a cold run.
#[test]
fn a_run_checking_other_pages_than_the_stored_run_agrees_with_a_cold_run() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/links/broken-links"), &site);
    let one = ["content/services/audits.md"];
    let (cold_one_code, cold_one) = check(&site, &cache, &["--no-cache", one[0]]);
    let (_, warm_one) = check(&site, &cache, &one);
    assert_eq!(cold_one, warm_one);
    // The whole site after a run that checked one page: not replayable, still right.
    let whole = assert_same(&site, &cache);
    assert_ne!(whole, cold_one);
    // And the one page again, now from the whole site's stored results.
    let (code, again) = check(&site, &cache, &one);
    assert_eq!((code, again), (cold_one_code, cold_one));
}

/// The site index is reused only while every page's URL facts are those it was
/// built from: a body edit keeps it, a new `slug` does not.
#[test]
fn a_stored_site_index_is_used_only_for_the_facts_it_was_built_from() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(site.join("content/notes")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    let page = |i: usize| site.join(format!("content/notes/n{i}.md"));
    for i in 0..5 {
        std::fs::write(
            page(i),
            format!(
                "---\ntitle: Note {i}\n---\n\nNext: [note](/notes/n{}/).\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let first = assert_same(&site, &cache);
    assert_eq!(first.matches("link-broken").count(), 1, "{first}");
    assert!(
        std::fs::read_dir(&cache).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("index-")),
        "the index was stored"
    );

    // A body edit: the same facts, the stored index serves.
    std::fs::write(
        page(1),
        "---\ntitle: Note 1\n---\n\nNext: [note](/notes/n2/). And [more](/notes/n3/).\n",
    )
    .unwrap();
    let body = assert_same(&site, &cache);
    assert_eq!(first, body);

    // A new slug moves n2: the links to /notes/n2/ break.
    std::fs::write(
        page(2),
        "---\ntitle: Note 2\nslug: second\n---\n\nNext: [note](/notes/n3/).\n",
    )
    .unwrap();
    let moved = assert_same(&site, &cache);
    assert_eq!(moved.matches("link-broken").count(), 2, "{moved}");
    assert!(moved.contains("/notes/n2/\\\" leads nowhere"), "{moved}");
}

/// `check` with stage timings on stderr: whether the walk was replayed.
fn walk_replayed(site: &Path, cache: &Path) -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--format", "json", "--cache-dir"])
        .arg(cache)
        .current_dir(site)
        .env("FRONTLINT_TIMINGS", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).contains("walk (replayed)")
}

#[test]
fn a_stored_walk_is_used_only_while_no_directory_changed() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/links/broken-links"), &site);
    // A walk right after a change is never stored for reuse (a change in the
    // same clock tick would not show): let the copy settle first.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let first = assert_same(&site, &cache);
    assert!(walk_replayed(&site, &cache), "the stored walk serves");

    // A new page in a new directory, linking to a missing page.
    std::fs::create_dir_all(site.join("content/company/team")).unwrap();
    std::fs::write(
        site.join("content/company/team/lead.md"),
        "---\ntitle: Lead\n---\n\nSee [the map](/company/map/).\n",
    )
    .unwrap();
    assert!(!walk_replayed(&site, &cache));
    let added = assert_same(&site, &cache);
    assert!(added.contains("content/company/team/lead.md"), "{added}");
    assert_ne!(first, added);

    // A directory renamed and an ignore file added: both seen.
    std::fs::rename(
        site.join("content/company/team"),
        site.join("content/company/staff"),
    )
    .unwrap();
    let renamed = assert_same(&site, &cache);
    assert!(
        renamed.contains("content/company/staff/lead.md"),
        "{renamed}"
    );
    std::fs::write(site.join("content/.gitignore"), "staff/\n").unwrap();
    let ignored = assert_same(&site, &cache);
    assert!(!ignored.contains("lead.md"), "{ignored}");
    assert_eq!(ignored, first);
}

/// `check` with stage timings on stderr: its report, and how many pages kept
/// the last run's results although the run could not be replayed whole.
fn check_keeping(site: &Path, cache: &Path) -> (String, usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--format", "json", "--cache-dir"])
        .arg(cache)
        .current_dir(site)
        .env("FRONTLINT_TIMINGS", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let kept = err
        .split("links (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .map_or(0, |n| n.parse().unwrap());
    (String::from_utf8(out.stdout).unwrap(), kept)
}

/// After an edit that changes no page's record (a paragraph added), only the
/// edited page is checked again; an edit that changes what links read of a
/// page (a heading) checks every page again. Each such run reports what a
/// cold run reports.
#[test]
fn an_edited_page_is_checked_again_and_the_others_keep_their_results_while_the_site_is_the_same() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let cache = tmp.path().join("cache");
    copy_dir(&repo.join("fixtures/links/fragments"), &site);
    let _ = std::fs::remove_dir_all(site.join(".frontlint_cache"));
    let first = assert_same(&site, &cache);
    let missing = "#troubleshooting";
    assert!(first.contains(missing), "{first}");
    // Appends `text` to the page, runs with the cache and returns how many
    // pages kept their results, after comparing the report with a cold run's.
    let edit = |text: &str| {
        let path = site.join("content/handbook/setup.md");
        let mut body = std::fs::read_to_string(&path).unwrap();
        body.push_str(text);
        std::fs::write(&path, body).unwrap();
        let (report, kept) = check_keeping(&site, &cache);
        let (_, cold) = check(&site, &cache, &["--no-cache"]);
        assert_eq!(report, cold);
        (report, kept)
    };

    // A paragraph: the two other pages keep their results.
    let (para, kept) = edit("\nOne more paragraph.\n");
    assert_eq!((para.as_str(), kept), (first.as_str(), 2));

    // A broken link in the edited page is found; the others are kept.
    let (linked, kept) = edit("\nSee [the index](/nowhere/).\n");
    assert_eq!(kept, 2);
    assert!(linked.contains("/nowhere/"), "{linked}");

    // A heading another page links to: every page is checked again.
    let (headed, kept) = edit("\n## Troubleshooting\n");
    assert_eq!(kept, 0);
    assert!(!headed.contains(missing), "{headed}");
}
