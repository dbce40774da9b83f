//! A deterministic generator of Hugo sites for benchmarks and smoke tests.
//!
//! ```sh
//! cargo run --release --example gen_site -- --pages 10000 --seed 1 --out target/bench-sites/10000
//! ```
//!
//! The site has `--pages` content files in total: about 10% outcomes pages (the real
//! shape: ~170 lines of front matter with all nine section types), about 20% case
//! studies (page bundles whose URL comes from `slug:`), a booking page, and simple
//! pages in nested sections (with `_index.md` files) whose Markdown bodies link to
//! other pages, some with `#fragment`s to real headings.
//!
//! Faults are injected into a known number of pages, each one giving exactly one
//! error: a misspelled key in a strict (outcomes / case-studies) page, a broken
//! internal link, or a YAML syntax error. `--faults 0` writes a clean site;
//! `--faults 2` doubles the default rates (0.5% / 0.5% / 0.2% of the pages, at
//! least one of each when the scale is above zero). The counts are printed and
//! written to `gen-info.txt` at the site root, with five files for a
//! pre-commit-style run.
//!
//! Same arguments, same bytes: the only randomness is a SplitMix64 generator
//! seeded from `--seed`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------- randomness

/// SplitMix64: tiny, fast and good enough for synthetic text.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// A generator for one page, independent of the order pages are written in.
    fn for_page(seed: u64, page: usize) -> Rng {
        let mut r = Rng(seed ^ (page as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- vocabulary

const ADJECTIVES: &[&str] = &[
    "steady", "visible", "shared", "honest", "lean", "small", "calm", "early", "clear", "local",
    "durable", "measured", "open", "quiet", "direct", "narrow", "patient", "simple", "focused",
    "gradual", "careful", "useful", "frequent", "modest", "reliable", "humane", "cheap", "brief",
];
const NOUNS: &[&str] = &[
    "release",
    "pipeline",
    "backlog",
    "forecast",
    "roadmap",
    "review",
    "handover",
    "incident",
    "budget",
    "experiment",
    "feedback",
    "runbook",
    "platform",
    "queue",
    "batch",
    "estimate",
    "contract",
    "retrospective",
    "standup",
    "metric",
    "service",
    "workflow",
    "deployment",
    "rollback",
    "onboarding",
    "charter",
    "dashboard",
    "migration",
    "audit",
    "license",
];
const VERBS: &[&str] = &[
    "shortens",
    "clarifies",
    "exposes",
    "reduces",
    "replaces",
    "simplifies",
    "anchors",
    "protects",
    "steadies",
    "surfaces",
    "untangles",
    "lightens",
    "focuses",
    "connects",
];
const GROUPS: &[&str] = &[
    "product teams",
    "platform engineers",
    "finance partners",
    "support staff",
    "team leads",
    "operations",
    "the board",
    "new hires",
    "field engineers",
    "data analysts",
];
const PEOPLE: &[&str] = &[
    "Ilse Varga",
    "Odhran Pike",
    "Mirela Sousa",
    "Kwame Ashby",
    "Tove Lindqvist",
    "Rafael Oyelaran",
    "Signe Marlow",
    "Dario Fenn",
    "Haruko Bell",
    "Yusuf Calder",
];
const ROLES: &[&str] = &[
    "Head of Engineering",
    "Delivery Manager",
    "Principal Engineer",
    "VP Product",
    "CTO",
    "Programme Lead",
];
const COMPANIES: &[&str] = &[
    "Lanternfish Mapping",
    "Orrery Payments",
    "Saltmarsh Health",
    "Kestrel Freight",
    "Wicklow Robotics",
    "Tallow & Reed",
    "Northgate Insurance",
    "Brambling Labs",
];
const ICONS: &[&str] = &[
    "fa-compass",
    "fa-chart-line",
    "fa-seedling",
    "fa-route",
    "fa-anchor",
    "fa-lightbulb",
    "fa-layer-group",
    "fa-gauge",
    "fa-bolt",
    "fa-users",
    "fa-map",
];
const COLOURS: &[&str] = &["primary", "secondary", "light-accent-alt"];
const TOPS: &[&str] = &["guides", "practices", "notes", "library"];
const AREAS: &[&str] = &[
    "planning", "delivery", "quality", "teams", "tooling", "finance",
];
const TOPICS: &[&str] = &[
    "basics", "patterns", "pitfalls", "recipes", "cases", "faq", "deep",
];

fn cap(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(r: &mut Rng) -> String {
    let s = match r.below(4) {
        0 => format!(
            "A {} {} {} the {} for {}.",
            r.pick(ADJECTIVES),
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.pick(GROUPS)
        ),
        1 => format!(
            "When the {} is {}, {} stop guessing about the next {}.",
            r.pick(NOUNS),
            r.pick(ADJECTIVES),
            r.pick(GROUPS),
            r.pick(NOUNS)
        ),
        2 => format!(
            "Each {} {} one {} {} at a time.",
            r.pick(NOUNS),
            r.pick(VERBS),
            r.pick(ADJECTIVES),
            r.pick(NOUNS)
        ),
        _ => format!(
            "{} learn to keep the {} {} without a separate {}.",
            cap(r.pick(GROUPS)),
            r.pick(NOUNS),
            r.pick(ADJECTIVES),
            r.pick(NOUNS)
        ),
    };
    cap(&s)
}

fn paragraph(r: &mut Rng, n: usize) -> String {
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

fn make_title(r: &mut Rng) -> String {
    format!("{} {}", cap(r.pick(ADJECTIVES)), cap(r.pick(NOUNS)))
}

fn slugify(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn date(r: &mut Rng) -> String {
    format!(
        "{}-{:02}-{:02}",
        r.range(2019, 2025),
        r.range(1, 12),
        r.range(1, 28)
    )
}

fn datetime(r: &mut Rng) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(r),
        r.below(24),
        r.below(60),
        r.below(60)
    )
}

const ID_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// An 11-character id, unique per `n` (the first five characters encode it).
fn item_id(r: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    let mut k = n;
    for _ in 0..5 {
        s.push(ID_CHARS[k % 62] as char);
        k /= 62;
    }
    for _ in 0..6 {
        s.push(r.pick(ID_CHARS) as char);
    }
    s
}

// ---------------------------------------------------------------- the plan

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fault {
    None,
    MisspelledKey,
    BrokenLink,
    YamlSyntax,
}

enum Kind {
    /// A fixed page (home, company, booking, section lists) with its text.
    Fixed(String),
    /// A section list page of the simple part.
    Section {
        title: String,
    },
    Outcome {
        title: String,
        slug: String,
    },
    CaseStudy {
        title: String,
        slug: String,
        id: String,
    },
    Simple {
        title: String,
        headings: Vec<String>,
    },
}

struct Page {
    rel: String,
    url: String,
    kind: Kind,
    fault: Fault,
}

struct Args {
    pages: usize,
    seed: u64,
    out: PathBuf,
    faults: f64,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        pages: 1000,
        seed: 1,
        out: PathBuf::new(),
        faults: 1.0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--pages" => a.pages = val("--pages")?.parse().map_err(|e| format!("--pages: {e}"))?,
            "--seed" => a.seed = val("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => a.out = PathBuf::from(val("--out")?),
            "--faults" => {
                a.faults = val("--faults")?
                    .parse()
                    .map_err(|e| format!("--faults: {e}"))?
            }
            "-h" | "--help" => {
                return Err(
                    "usage: gen_site --pages N --seed S --out DIR [--faults SCALE (default 1, 0 = clean)]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if a.pages < 50 {
        return Err("--pages must be at least 50".into());
    }
    Ok(a)
}

fn plan(a: &Args, r: &mut Rng) -> Vec<Page> {
    let mut pages = Vec::with_capacity(a.pages);
    let fixed = |rel: &str, url: &str, text: String| Page {
        rel: rel.into(),
        url: url.into(),
        kind: Kind::Fixed(text),
        fault: Fault::None,
    };
    pages.push(fixed("_index.md", "/", "---\ntitle: Fernhill Delivery Collective\ndescription: A generated site for benchmarking frontlint.\n---\n\nWe help teams deliver without drama. Start with [our outcomes](/outcomes/) or [book a call](/company/book-online/).\n".into()));
    pages.push(fixed(
        "company/_index.md",
        "/company/",
        "---\ntitle: Company\ndescription: Who we are and how to reach us.\n---\n".into(),
    ));
    pages.push(fixed("company/book-online/index.md", "/company/book-online/", "---\ntitle: Book a Call\ndescription: Pick a slot that suits you.\ndate: 2025-01-14\nslug: book-online\ntags:\n  - contact\n---\n\n## Before the call\n\nWe send three short questions so the call starts with your situation.\n".into()));
    pages.push(fixed("outcomes/_index.md", "/outcomes/", "---\ntitle: Outcomes\ndescription: The conditions we help organisations reach.\nweight: 10\nsitemap:\n  priority: 0.8\n  changefreq: monthly\n---\n\nEach outcome describes a state your teams can reach.\n".into()));
    pages.push(fixed(
        "resources/_index.md",
        "/resources/",
        "---\ntitle: Resources\ndescription: Case studies and field notes.\n---\n".into(),
    ));
    pages.push(fixed("resources/case-studies/_index.md", "/resources/case-studies/", "---\ntitle: Case Studies\ndescription: Short accounts of engagements and what changed.\nweight: 20\n---\n".into()));

    let n_outcomes = a.pages / 10;
    let n_cases = a.pages / 5;
    for i in 0..n_outcomes {
        let t = format!("{} {}", make_title(r), cap(r.pick(NOUNS)));
        let slug = format!("{}-{i}", slugify(&t));
        pages.push(Page {
            rel: format!("outcomes/{slug}/index.md"),
            url: format!("/outcomes/{slug}/"),
            kind: Kind::Outcome { title: t, slug },
            fault: Fault::None,
        });
    }
    for i in 0..n_cases {
        let t = format!(
            "{} the {} for {}",
            cap(r.pick(VERBS).trim_end_matches('s')),
            r.pick(NOUNS),
            r.pick(COMPANIES)
        );
        let slug = format!("{}-{i}", slugify(&t));
        let id = item_id(r, i);
        pages.push(Page {
            rel: format!("resources/case-studies/{id}/index.md"),
            url: format!("/resources/case-studies/{slug}/"),
            kind: Kind::CaseStudy { title: t, slug, id },
            fault: Fault::None,
        });
    }

    // Simple pages in nested sections: top/area-k/topic-j/page.
    let mut sections: HashSet<String> = HashSet::new();
    let mut leaf = 0usize;
    let mut left_in_leaf = 0usize;
    let mut leaf_dir = String::new();
    let mut i = 0usize;
    while pages.len() < a.pages {
        if left_in_leaf == 0 {
            let top = TOPS[leaf % TOPS.len()];
            let j = leaf / TOPS.len();
            let area = format!("{}-{}", AREAS[(j / 8) % AREAS.len()], j / 8);
            let topic = format!("{}-{}", TOPICS[(j % 8) % TOPICS.len()], j % 8);
            for dir in [
                top.to_string(),
                format!("{top}/{area}"),
                format!("{top}/{area}/{topic}"),
            ] {
                if sections.insert(dir.clone()) && pages.len() < a.pages {
                    let name = dir.rsplit('/').next().unwrap_or("");
                    pages.push(Page {
                        rel: format!("{dir}/_index.md"),
                        url: format!("/{dir}/"),
                        kind: Kind::Section {
                            title: cap(&name.replace('-', " ")),
                        },
                        fault: Fault::None,
                    });
                }
            }
            leaf_dir = format!("{top}/{area}/{topic}");
            leaf += 1;
            left_in_leaf = r.range(10, 30);
            continue;
        }
        let t = make_title(r);
        let name = format!("{}-{i}", slugify(&t));
        let rel = if r.chance(20) {
            format!("{leaf_dir}/{name}/index.md")
        } else {
            format!("{leaf_dir}/{name}.md")
        };
        let mut headings: Vec<String> = Vec::new();
        for _ in 0..r.range(2, 4) {
            let h = format!(
                "{} {} {}",
                cap(r.pick(ADJECTIVES)),
                cap(r.pick(NOUNS)),
                cap(r.pick(TOPICS))
            );
            if !headings.contains(&h) {
                headings.push(h);
            }
        }
        pages.push(Page {
            rel,
            url: format!("/{leaf_dir}/{name}/"),
            kind: Kind::Simple { title: t, headings },
            fault: Fault::None,
        });
        left_in_leaf -= 1;
        i += 1;
    }

    // Faults, on distinct pages.
    if a.faults > 0.0 {
        let count = |rate: f64| ((a.pages as f64 * rate * a.faults).round() as usize).max(1);
        let mut strict: Vec<usize> = (0..pages.len())
            .filter(|&k| matches!(pages[k].kind, Kind::Outcome { .. } | Kind::CaseStudy { .. }))
            .collect();
        let mut simple: Vec<usize> = (0..pages.len())
            .filter(|&k| matches!(pages[k].kind, Kind::Simple { .. }))
            .collect();
        r.shuffle(&mut strict);
        r.shuffle(&mut simple);
        for &k in strict.iter().take(count(0.005)) {
            pages[k].fault = Fault::MisspelledKey;
        }
        // Broken links: two thirds in simple page bodies, one third in outcomes front matter.
        let broken = count(0.005);
        let in_outcomes = broken / 3;
        let outcome_pages: Vec<usize> = strict
            .iter()
            .copied()
            .filter(|&k| {
                pages[k].fault == Fault::None && matches!(pages[k].kind, Kind::Outcome { .. })
            })
            .take(in_outcomes)
            .collect();
        let placed = outcome_pages.len();
        for k in outcome_pages {
            pages[k].fault = Fault::BrokenLink;
        }
        let mut simple_iter = simple.into_iter();
        for _ in placed..broken {
            if let Some(k) = simple_iter.next() {
                pages[k].fault = Fault::BrokenLink;
            }
        }
        for _ in 0..count(0.002) {
            if let Some(k) = simple_iter.next() {
                pages[k].fault = Fault::YamlSyntax;
            }
        }
    }
    pages
}

// ---------------------------------------------------------------- writing pages

struct Targets {
    outcomes: Vec<usize>,
    cases: Vec<usize>,
    simple: Vec<usize>,
    sections: Vec<usize>,
}

fn md_link(r: &mut Rng, pages: &[Page], t: &Targets) -> String {
    let roll = r.below(100);
    if roll < 55 && !t.simple.is_empty() {
        let k = r.pick(&t.simple);
        let Kind::Simple { title, headings } = &pages[k].kind else {
            unreachable!()
        };
        if r.chance(30) {
            let h = &headings[r.below(headings.len())];
            return format!("[{}]({}#{})", h.to_lowercase(), pages[k].url, slugify(h));
        }
        return format!("[{title}]({})", pages[k].url);
    }
    if roll < 75 && !t.cases.is_empty() {
        let k = r.pick(&t.cases);
        return format!("[the case study]({})", pages[k].url);
    }
    if roll < 85 && !t.outcomes.is_empty() {
        let k = r.pick(&t.outcomes);
        return format!("[this outcome]({})", pages[k].url);
    }
    if roll < 95 && !t.sections.is_empty() {
        let k = r.pick(&t.sections);
        return format!("[the section]({})", pages[k].url);
    }
    "[book a call](/company/book-online/)".into()
}

fn case_link(r: &mut Rng, pages: &[Page], t: &Targets) -> String {
    match t.cases.is_empty() {
        true => "/resources/case-studies/".into(),
        false => pages[r.pick(&t.cases)].url.clone(),
    }
}

fn outcome_page(r: &mut Rng, p: &Page, pages: &[Page], t: &Targets, n: usize) -> String {
    let Kind::Outcome { title, slug } = &p.kind else {
        unreachable!()
    };
    let fault = p.fault;
    // Which key gets misspelled, and which link is broken.
    let typo = if fault == Fault::MisspelledKey {
        r.range(1, 4)
    } else {
        0
    };
    let broken = fault == Fault::BrokenLink;
    let id = item_id(r, n);
    let book = if r.chance(50) {
        "/company/book-online/"
    } else {
        "/company/book-online"
    };
    let mut s = String::with_capacity(8192);
    let w = &mut s;
    let _ = writeln!(w, "---\ntitle: {title}");
    let _ = writeln!(
        w,
        "{}: {title}",
        if typo == 1 {
            "short_titel"
        } else {
            "short_title"
        }
    );
    let desc = paragraph(r, 2);
    let _ = writeln!(w, "description: {desc}");
    let _ = writeln!(
        w,
        "{}: {}",
        if typo == 2 { "tdlr" } else { "tldr" },
        paragraph(r, 3)
    );
    let _ = writeln!(w, "date: {}", date(r));
    let _ = writeln!(w, "weight: {}", r.range(1, 500));
    let _ = writeln!(
        w,
        "sitemap:\n  filename: sitemap.xml\n  priority: 0.{}\n  changefreq: {}",
        r.range(1, 9),
        r.pick(&["weekly", "monthly", "yearly"])
    );
    let _ = writeln!(
        w,
        "ItemId: {id}\nItemType: outcomes\nItemKind: marketing\nItemContentOrigin: {}",
        r.pick(&["human", "ai"])
    );
    let _ = writeln!(w, "slug: {slug}\naliases: []\ntype: outcomes\nsections:");
    // headline
    let _ = writeln!(w, "  - type: headline");
    if r.chance(30) {
        let _ = writeln!(w, "    backgroundColor: {}", r.pick(COLOURS));
    }
    let _ = writeln!(w, "    headline:\n      title: {title}");
    let _ = writeln!(
        w,
        "      {}: From {} to {}",
        if typo == 3 { "subtitel" } else { "subtitle" },
        cap(r.pick(NOUNS)),
        cap(r.pick(NOUNS))
    );
    let _ = writeln!(
        w,
        "      content: |\n        {}\n\n        {}",
        paragraph(r, 3),
        paragraph(r, 2)
    );
    if r.chance(40) {
        let _ = writeln!(w, "      buttons:\n        - content: Talk to us\n          link: {book}\n          style: primary\n          icon: fa-calendar");
    }
    // outcomehero
    let _ = writeln!(w, "  - type: outcomehero\n    cta:\n      content: {} **Let's talk.**\n      button:\n        text: Book a Call\n        url: {book}\n    boxes:", sentence(r));
    for _ in 0..3 {
        let _ = writeln!(w, "      - content: |\n          {}", sentence(r));
    }
    // list
    let _ = writeln!(
        w,
        "  - title: What Changes\n    type: list\n    listType: {}\n    list:",
        r.pick(&["boxed", "default"])
    );
    for i in 0..5 {
        let _ = writeln!(
            w,
            "      - title: From {} to {}",
            cap(r.pick(ADJECTIVES)),
            cap(r.pick(ADJECTIVES))
        );
        let _ = writeln!(
            w,
            "        {}: {}",
            if typo == 4 && i == 2 { "icno" } else { "icon" },
            r.pick(ICONS)
        );
        let _ = writeln!(w, "        content: |\n          {}", paragraph(r, 2));
    }
    // quote
    let _ = writeln!(
        w,
        "  - type: quote\n    backgroundColor: {}\n    quote: |\n      \"{}\"\n      - **{} | {} | {}**",
        r.pick(COLOURS),
        paragraph(r, 4),
        r.pick(PEOPLE),
        r.pick(ROLES),
        r.pick(COMPANIES)
    );
    // boxesrow, with Markdown links to case studies inside a front matter string
    let c1 = case_link(r, pages, t);
    let c2 = case_link(r, pages, t);
    let _ = writeln!(w, "  - type: boxesrow\n    backgroundColor: light-accent-alt\n    title: What {title} Looks Like\n    content: |\n      {}\n\n      We helped [one client steady its {}]({c1}) and [another cut its {}]({c2}), {}\n    boxes:", paragraph(r, 2), r.pick(NOUNS), r.pick(NOUNS), sentence(r).to_lowercase());
    for _ in 0..3 {
        let _ = writeln!(
            w,
            "      - box:\n        title: {}\n        items:",
            make_title(r)
        );
        for _ in 0..4 {
            let _ = writeln!(
                w,
                "          - title: {}",
                sentence(r).trim_end_matches('.')
            );
        }
    }
    // outcomeboxes
    let _ = writeln!(
        w,
        "  - type: outcomeboxes\n    title: {title} enables\n    boxes:"
    );
    for _ in 0..3 {
        let _ = writeln!(w, "      - box:\n        items:");
        for _ in 0..5 {
            let _ = writeln!(
                w,
                "          - title: {} the {} {}",
                cap(r.pick(VERBS).trim_end_matches('s')),
                r.pick(ADJECTIVES),
                r.pick(NOUNS)
            );
        }
    }
    // casestudy
    let _ = writeln!(
        w,
        "  - title: Observed Impact\n    type: casestudy\n    list:"
    );
    for i in 0..3 {
        let url = if broken && i == 1 {
            format!("/resources/case-studies/no-such-study-{n}/")
        } else {
            case_link(r, pages, t)
        };
        let _ = writeln!(
            w,
            "      - icon: fa-shield-check\n        content: |\n          {} [Read the case study]({url}).",
            paragraph(r, 2)
        );
    }
    let _ = writeln!(w, "    cta:\n      content: Want more evidence?\n      button:\n        text: Explore All Case Studies\n        url: /resources/case-studies/");
    // textNlist
    let _ = writeln!(w, "  - title: Why Fernhill\n    type: textNlist\n    list:");
    for _ in 0..3 {
        let _ = writeln!(
            w,
            "      - icon: fa-award\n        content: |\n          {} → {}",
            cap(r.pick(ADJECTIVES)),
            r.pick(ADJECTIVES)
        );
    }
    let _ = writeln!(
        w,
        "    sideContent: |\n      **{}**\n\n      {}\n\n      {}",
        sentence(r),
        paragraph(r, 3),
        paragraph(r, 2)
    );
    // sectioncta
    let _ = writeln!(w, "  - type: sectioncta\n    backgroundColor: primary\n    cta:\n      content: {}\n      button:\n        text: Book a Call\n        url: {book}", sentence(r));
    let _ = writeln!(
        w,
        "card:\n  button:\n    content: {}\n  title: {title}\n  content: {desc}",
        make_title(r)
    );
    let _ = writeln!(
        w,
        "Watermarks:\n  description: {}\n  tldr: {}\n  short_title: {}",
        datetime(r),
        datetime(r),
        datetime(r)
    );
    let _ = writeln!(
        w,
        "creator: {}\nicon: {}\nResourceId: {id}\nResourceType: outcomes\n---",
        r.pick(PEOPLE),
        r.pick(ICONS)
    );
    s
}

fn case_page(r: &mut Rng, p: &Page, pages: &[Page], t: &Targets) -> String {
    let Kind::CaseStudy { title, slug, id } = &p.kind else {
        unreachable!()
    };
    let typo = if p.fault == Fault::MisspelledKey {
        r.range(1, 3)
    } else {
        0
    };
    let mut s = String::with_capacity(2048);
    let w = &mut s;
    let _ = writeln!(w, "---\ntitle: {title}");
    let _ = writeln!(
        w,
        "{}: {}",
        if typo == 1 {
            "short_titel"
        } else {
            "short_title"
        },
        title.split(" for ").next().unwrap_or(title)
    );
    let _ = writeln!(w, "description: {}", paragraph(r, 2));
    let _ = writeln!(
        w,
        "{}: {}",
        if typo == 2 { "tdlr" } else { "tldr" },
        paragraph(r, 2)
    );
    let _ = writeln!(w, "date: {}", date(r));
    if r.chance(50) {
        let _ = writeln!(w, "lastmod: {}", datetime(r));
    }
    let _ = writeln!(w, "weight: {}", r.range(1, 100));
    let _ = writeln!(w, "ResourceId: {id}\nResourceType: case-studies\nResourceContentOrigin: {}\nResourceImport: false\nslug: {slug}", r.pick(&["human", "ai"]));
    if r.chance(40) {
        let _ = writeln!(w, "aliases:\n  - /resources/case-studies/{id}/");
    }
    let _ = writeln!(
        w,
        "categories:\n  - {}\ntags:\n  - {}\n  - {}-{}",
        r.pick(AREAS),
        r.pick(NOUNS),
        r.pick(ADJECTIVES),
        r.pick(NOUNS)
    );
    let _ = writeln!(w, "Watermarks:\n  description: {}", datetime(r));
    let _ = writeln!(
        w,
        "{}: {}\n---\n",
        if typo == 3 { "craetor" } else { "creator" },
        r.pick(PEOPLE)
    );
    let _ = writeln!(
        w,
        "{}\n\n## What We Found\n\n{}\n",
        paragraph(r, 3),
        paragraph(r, 4)
    );
    let outcome = match t.outcomes.is_empty() {
        true => "/outcomes/".to_string(),
        false => pages[r.pick(&t.outcomes)].url.clone(),
    };
    let _ = writeln!(w, "## What Changed\n\n{} It is one path to [this outcome]({outcome}). Want the same? [Book a call](/company/book-online/).", paragraph(r, 3));
    s
}

fn simple_page(r: &mut Rng, p: &Page, pages: &[Page], t: &Targets, n: usize) -> String {
    let Kind::Simple { title, headings } = &p.kind else {
        unreachable!()
    };
    let mut s = String::with_capacity(2048);
    let w = &mut s;
    let _ = writeln!(w, "---\ntitle: {title}\ndescription: {}", sentence(r));
    let _ = writeln!(w, "date: {}", date(r));
    if r.chance(50) {
        let _ = writeln!(w, "weight: {}", r.range(1, 100));
    }
    let close = if p.fault == Fault::YamlSyntax {
        ""
    } else {
        "]"
    };
    let _ = writeln!(w, "tags: [{}, {}{close}", r.pick(NOUNS), r.pick(AREAS));
    if r.chance(5) {
        let _ = writeln!(w, "aliases:\n  - /archive/{n}/");
    }
    if r.chance(10) {
        let _ = writeln!(w, "draft: false");
    }
    let _ = writeln!(w, "---\n");
    let _ = writeln!(
        w,
        "{} See {} for the background.\n",
        paragraph(r, 3),
        md_link(r, pages, t)
    );
    let broken_at = if p.fault == Fault::BrokenLink {
        r.below(headings.len())
    } else {
        usize::MAX
    };
    for (i, h) in headings.iter().enumerate() {
        let _ = writeln!(
            w,
            "## {h}\n\n{} {}\n",
            paragraph(r, 2),
            md_link(r, pages, t)
        );
        if i == broken_at {
            let dir = p
                .url
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |x| x.0);
            let _ = writeln!(
                w,
                "An old note lives at [the retired page]({dir}/retired-note-{n}/).\n"
            );
        }
        match r.below(4) {
            0 => {
                let _ = writeln!(
                    w,
                    "- {}\n- {}\n- {}\n",
                    md_link(r, pages, t),
                    sentence(r),
                    md_link(r, pages, t)
                );
            }
            1 => {
                let _ = writeln!(w, "```text\nexample: [not a link](/nowhere/at-all/)\n```\n");
            }
            2 => {
                // A relative link to a neighbouring page of the same section.
                let dir = |q: &Page| {
                    q.url
                        .trim_end_matches('/')
                        .rsplit_once('/')
                        .map(|x| x.0.to_string())
                };
                let sibling = [n + 1, n.wrapping_sub(1)]
                    .into_iter()
                    .filter_map(|k| pages.get(k))
                    .find(|q| {
                        matches!(q.kind, Kind::Simple { .. })
                            && q.fault != Fault::YamlSyntax
                            && dir(q) == dir(p)
                    });
                if let Some(q) = sibling {
                    let name = q.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                    let _ = writeln!(w, "Next, read [the neighbouring page](../{name}/).\n");
                }
            }
            _ => {
                let _ = writeln!(w, "> {}\n", sentence(r));
            }
        }
    }
    s
}

fn section_page(r: &mut Rng, title: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: {}\nweight: {}\n---\n\n{}\n",
        sentence(r),
        r.range(1, 50),
        paragraph(r, 2)
    )
}

// ---------------------------------------------------------------- main

const HUGO_YAML: &str = "baseURL: https://www.fernhill.example/
title: Fernhill Delivery Collective
permalinks:
  page:
    resources: /:sections/:slug/
";

const FRONTLINT_TOML: &str = "# Generated by examples/gen_site.rs.
[[schemas]]
paths = [\"resources/case-studies/*/index.md\"]
schema = \"builtin:case-studies\"
";

fn run(a: &Args) -> Result<(), String> {
    let out = &a.out;
    if out.exists() {
        if !out.join("gen-info.txt").exists()
            && fs::read_dir(out)
                .map_err(|e| e.to_string())?
                .next()
                .is_some()
        {
            return Err(format!(
                "{} exists, is not empty and was not generated by gen_site; not overwriting it",
                out.display()
            ));
        }
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let mut r = Rng::new(a.seed);
    let pages = plan(a, &mut r);
    let pick = |f: &dyn Fn(&Page) -> bool| -> Vec<usize> {
        (0..pages.len()).filter(|&k| f(&pages[k])).collect()
    };
    // Link targets never include pages with YAML faults (their front matter is lost).
    let t = Targets {
        outcomes: pick(&|p| matches!(p.kind, Kind::Outcome { .. })),
        cases: pick(&|p| matches!(p.kind, Kind::CaseStudy { .. })),
        simple: pick(&|p| matches!(p.kind, Kind::Simple { .. }) && p.fault != Fault::YamlSyntax),
        sections: pick(&|p| matches!(p.kind, Kind::Section { .. })),
    };
    let content = out.join("content");
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut bytes = 0usize;
    for (n, p) in pages.iter().enumerate() {
        let mut pr = Rng::for_page(a.seed, n);
        let text = match &p.kind {
            Kind::Fixed(text) => text.clone(),
            Kind::Section { title } => section_page(&mut pr, title),
            Kind::Outcome { .. } => outcome_page(&mut pr, p, &pages, &t, n),
            Kind::CaseStudy { .. } => case_page(&mut pr, p, &pages, &t),
            Kind::Simple { .. } => simple_page(&mut pr, p, &pages, &t, n),
        };
        let path = content.join(&p.rel);
        let dir = path.parent().unwrap_or(Path::new("."));
        if !made.contains(dir) {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            made.insert(dir.to_path_buf());
        }
        bytes += text.len();
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    fs::write(out.join("hugo.yaml"), HUGO_YAML).map_err(|e| e.to_string())?;
    fs::write(out.join("frontlint.toml"), FRONTLINT_TOML).map_err(|e| e.to_string())?;

    let count = |f: Fault| pages.iter().filter(|p| p.fault == f).count();
    let (mk, bl, ys) = (
        count(Fault::MisspelledKey),
        count(Fault::BrokenLink),
        count(Fault::YamlSyntax),
    );
    // Five files for a pre-commit-style run: an outcome, a case study, three simple pages.
    // None of them has a fault, so such a run expects no errors.
    let clean = |ks: &[usize]| -> Vec<usize> {
        ks.iter()
            .copied()
            .filter(|&k| pages[k].fault == Fault::None)
            .collect()
    };
    let mut precommit: Vec<String> = Vec::new();
    precommit.extend(clean(&t.outcomes).first().map(|&k| pages[k].rel.clone()));
    precommit.extend(clean(&t.cases).first().map(|&k| pages[k].rel.clone()));
    let simple = clean(&t.simple);
    let step = (simple.len() / 3).max(1);
    precommit.extend(
        simple
            .iter()
            .step_by(step)
            .take(3)
            .map(|&k| pages[k].rel.clone()),
    );
    let precommit: Vec<String> = precommit.iter().map(|r| format!("content/{r}")).collect();
    let info = format!(
        "pages={}\nseed={}\nfaults_scale={}\ncontent_bytes={bytes}\noutcomes={}\ncase_studies={}\nfaults_misspelled_key={mk}\nfaults_broken_link={bl}\nfaults_yaml_syntax={ys}\nexpected_errors={}\nprecommit={}\n",
        pages.len(),
        a.seed,
        a.faults,
        t.outcomes.len(),
        t.cases.len(),
        mk + bl + ys,
        precommit.join(" ")
    );
    fs::write(out.join("gen-info.txt"), &info).map_err(|e| e.to_string())?;
    print!("{info}");
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_site: {e}");
            ExitCode::from(2)
        }
    }
}
