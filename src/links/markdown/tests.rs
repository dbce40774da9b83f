use super::destinations::*;
use super::shortcode_calls::*;
use super::*;
use crate::links::anchors::anchorize;

fn at<'a>(text: &'a str, l: &Link) -> &'a str {
    &text[l.span()]
}

#[test]
fn one_pass_finds_what_two_passes_find() {
    let bodies = [
        "# Intro\n\nSee [a](/a/) and [b][r].\n\n> ## Quoted {#q}\n\n[r]: /r/\n\n## Intro\n",
        "Setext\n======\n\n<a href=\"/x/\">x</a>\n\n```\n# not a heading\n```\n",
        "## With {{< ref \"a.md\" >}} shortcode\n\n[t]({{< relref \"b.md\" >}})\n\n# Intro\n",
        "",
    ];
    for body in bodies {
        let (links, ids) = links_and_headings(body, 7, Some(&AnchorRules::default()));
        assert_eq!(links, body_links(body, 7), "{body}");
        assert_eq!(ids, heading_ids(body), "{body}");
        assert!(links_and_headings(body, 7, None).1.is_empty());
    }
    let (_, ids) = links_and_headings(bodies[0], 0, Some(&AnchorRules::default()));
    assert_eq!(ids, ["intro", "q", "intro-1"]);
}

/// What the pre-checks let through (or not) must be what the parser finds.
fn assert_pre_checks_agree(t: &str) {
    for headings in [true, false] {
        assert_eq!(
            links_and_headings(t, 5, headings.then_some(&AnchorRules::default())),
            parse_links_and_headings(t, 5, headings.then_some(&AnchorRules::default())),
            "{t:?}"
        );
    }
    assert_eq!(heading_ids(t), parse_heading_ids(t), "{t:?}");
}

#[test]
fn pre_checks_skip_only_texts_without_links_and_headings() {
    // Each is parsed in full and compared; the ones with neither are
    // the skipped ones (checked below, so the test is not vacuous).
    let neither = [
        "",
        "plain text\n\nmore text",
        "[just brackets] and [a] (b) and [c]\n(d)",
        "&lbrack;a&rbrack;(/x) &lt;a href=x&gt; &lt;https://x&gt;",
        "x\n- -\n\ny\n-- -\n\nz\n=a\n\nw\n\\---",
        "x\n* ---\n\nt\n: ===\n",
        "x\n-\u{a0}\n",
        "[a]\n\n[b]\n:c\n\n[^n]\n",
        "| a | b |\n| - | - |\n| c | d |\n",
        "- [ ] task\n- [x] done\n\n~~strike~~ a ] ( b",
        "    indented\n    ---x\n",
    ];
    for t in neither {
        assert!(!may_hold_links(t) && !may_hold_heading(t), "{t:?}");
        assert_eq!(
            parse_links_and_headings(t, 0, Some(&AnchorRules::default())),
            (vec![], vec![])
        );
        assert_pre_checks_agree(t);
    }
    let headings_only = [
        ("x\n-", "x"),
        ("x\r===", "x"),
        ("> x\n> ---", "x"),
        ("- x\n  ---", "x"),
        ("1. a\n\n   b\n   ==\t\r\n", "b"),
        ("x\n   -\x0c", "x"),
        ("x\n---", "x"),
        ("[a] (b)\n=", "a-b"),
    ];
    for (t, id) in headings_only {
        assert!(!may_hold_links(t) && may_hold_heading(t), "{t:?}");
        assert_eq!(
            parse_links_and_headings(t, 0, Some(&AnchorRules::default())),
            (vec![], vec![id.to_string()]),
            "{t:?}"
        );
        assert_pre_checks_agree(t);
    }
    // Links and headings the parser finds are found.
    for t in [
        "[a](/x)",
        "[a]\n\n[a]: /x",
        "[^1]: see [a](/a)\n\n[^1]",
        "<https://e.x> <a href=\"/y\">",
        "{{< ref \"a.md\" >}}",
        "# t\n",
        "[b][]\n\n[B]: /b\n",
        "x\n---\n[y](/y)",
    ] {
        assert!(
            !parse_links_and_headings(t, 0, Some(&AnchorRules::default()))
                .0
                .is_empty()
                || !heading_ids(t).is_empty(),
            "{t:?}"
        );
        assert_pre_checks_agree(t);
    }
}

#[test]
fn a_body_whose_only_link_is_a_bare_url_is_parsed() {
    let t = "see https://example.org/x/ now";
    let (links, _) = links_and_headings(t, 0, Some(&AnchorRules::default()));
    let urls: Vec<&str> = links.iter().map(|l| l.url()).collect();
    assert_eq!(urls, ["https://example.org/x/"]);
    let off = AnchorRules {
        linkify: false,
        ..AnchorRules::default()
    };
    assert!(links_and_headings(t, 0, Some(&off)).0.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    #[test]
    fn pre_checks_agree_with_the_parser(parts in proptest::collection::vec(
        proptest::sample::select(&[
            "a", "b c", " ", "   ", "    ", "\t", "\n", "\n", "\r", "\r\n", "-", "-", "---", "=",
            "==", ">", "> ", "*", "+", "1.", "1)", ":", "|", "~", "`", "```", "\\", "&#91;",
            "[", "]", "(", ")", "]:", "x]", "\u{b}", "\u{c}", "\u{a0}", "^", "!", "_", "{",
            "}", "<", "#", "é",
        ][..]),
        0..24,
    )) {
        assert_pre_checks_agree(&parts.concat());
    }
}

#[test]
fn every_extension_changes_what_is_found() {
    // The links (destination and text), definitions and headings the
    // parser reports with `opts`.
    fn found(t: &str, opts: Options) -> (Vec<String>, Vec<String>) {
        let p = Parser::new_ext(t, opts).into_offset_iter();
        let defs = p
            .reference_definitions()
            .iter()
            .map(|(_, d)| d.dest.to_string())
            .collect();
        let events = p
            .filter_map(|(e, r)| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link {dest_url}")),
                Event::Start(Tag::Heading { .. }) => Some(format!("heading {r:?}")),
                Event::Text(t) => Some(format!("text {t}")),
                _ => None,
            })
            .collect();
        (defs, events)
    }
    // Each extension, and a text it changes the links or headings of
    // (so none can be turned off to save parsing time).
    let cases = [
        // A cell boundary cuts the link.
        (Options::ENABLE_TABLES, "| [a | b](/x) |\n|---|---|\n"),
        // A footnote, not a reference definition of `/foot`.
        (Options::ENABLE_FOOTNOTES, "[^1]: /foot\n"),
        // The link text is `a`, not `~~a~~`.
        (Options::ENABLE_STRIKETHROUGH, "[~~a~~](/x)"),
        // A task marker, not a use of the `[x]` definition.
        (Options::ENABLE_TASKLISTS, "- [x] done\n\n[x]: /x\n"),
        // An attribute, not a link.
        (Options::ENABLE_HEADING_ATTRIBUTES, "## a {key=[x](/y)}\n"),
        // A definition, not a setext heading.
        (Options::ENABLE_DEFINITION_LIST, "a\n: b\n===\n"),
    ];
    for (opt, t) in cases {
        assert!(options().contains(opt));
        assert_ne!(found(t, options()), found(t, options() - opt), "{t:?}");
    }
}

#[test]
fn inline_link_and_image() {
    let t = "See [the docs](/docs/ \"Title\") and ![a *b*](img/x.png).";
    let links = body_links(t, 0);
    assert_eq!(links.len(), 2);
    assert_eq!(at(t, &links[0]), "/docs/");
    assert_eq!(links[0].kind, LinkKind::Markdown);
    assert_eq!(links[0].text(), Some("the docs"));
    assert_eq!(at(t, &links[1]), "img/x.png");
    assert_eq!(links[1].kind, LinkKind::Image);
}

#[test]
fn image_inside_link() {
    let t = "[![badge](https://img.example/b.svg)](https://example.com/x)";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l))).collect();
    assert_eq!(
        got,
        vec![
            (LinkKind::Image, "https://img.example/b.svg"),
            (LinkKind::Markdown, "https://example.com/x")
        ]
    );
}

#[test]
fn base_offset_is_added() {
    let t = "[a](/x/)";
    let links = body_links(t, 100);
    assert_eq!(links[0].span(), 104..107);
}

#[test]
fn nested_brackets_escapes_and_code_in_text() {
    let t = "[a [b] `](c)` \\] d](/real/ 'x')";
    let links = body_links(t, 0);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(at(t, &links[0]), "/real/");
}

#[test]
fn angle_destination_and_escapes() {
    let t = "[a](<my page/> \"t\") [b](/p\\(1\\)/) [c](/q(1)/)";
    let links = body_links(t, 0);
    assert_eq!(links.len(), 3);
    assert_eq!(at(t, &links[0]), "my page/");
    assert_eq!(links[0].url(), "my page/");
    assert_eq!(at(t, &links[1]), "/p\\(1\\)/");
    assert_eq!(links[1].url(), "/p(1)/");
    assert_eq!(at(t, &links[2]), "/q(1)/");
}

#[test]
fn code_is_not_a_link() {
    let t = "`[a](/x/)`\n\n```\n[b](/y/) {{< ref \"z\" >}}\n```\n\n    [c](/w/)\n\n[real](/r/)\n";
    let links = body_links(t, 0);
    // The shortcode in the code block is still expanded by Hugo.
    let got: Vec<_> = links.iter().map(|l| (l.kind, l.url())).collect();
    assert_eq!(got, vec![(LinkKind::Ref, "z"), (LinkKind::Markdown, "/r/")]);
}

#[test]
fn reference_definitions_and_uses() {
    let t = "Use [text][Lbl] and [lbl][] and [lbl].\n\n[lbl]: /target/ \"T\"\n";
    let links = body_links(t, 0);
    let def = links
        .iter()
        .find(|l| l.kind == LinkKind::Reference)
        .unwrap();
    assert_eq!(at(t, def), "/target/");
    let uses: Vec<_> = links
        .iter()
        .filter(|l| l.kind == LinkKind::Markdown)
        .collect();
    assert_eq!(uses.len(), 3);
    assert_eq!(at(t, uses[0]), "Lbl");
    assert_eq!(at(t, uses[1]), "lbl");
    assert_eq!(at(t, uses[2]), "lbl");
    for u in uses {
        assert_eq!(u.url(), "/target/");
        assert_eq!(u.defined_at(), Some(def.span()));
    }
}

#[test]
fn angle_reference_definition() {
    let t = "[x]\n\n[x]:\n  <a b/>\n";
    let links = body_links(t, 0);
    let def = links
        .iter()
        .find(|l| l.kind == LinkKind::Reference)
        .unwrap();
    assert_eq!(at(t, def), "a b/");
}

#[test]
fn autolinks() {
    let t = "<https://example.com/a> and <me@example.com>";
    let links = body_links(t, 0);
    assert_eq!(links.len(), 2);
    assert_eq!(at(t, &links[0]), "https://example.com/a");
    assert_eq!(links[0].kind, LinkKind::Autolink);
    assert_eq!(links[1].url(), "mailto:me@example.com");
    assert_eq!(at(t, &links[1]), "me@example.com");
}

#[test]
fn raw_html_attributes() {
    let t = "Text <a class=x href=\"/x/?a=1&amp;b=2\">x</a>\n\n<div>\n<img\n  src='/i.png' alt=\"a\">\n<!-- <a href=\"/no/\"> -->\n</div>\n";
    let links = body_links(t, 0);
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(at(t, &links[0]), "/x/?a=1&amp;b=2");
    assert_eq!(links[0].url(), "/x/?a=1&b=2");
    assert_eq!(links[0].kind, LinkKind::HtmlAttr);
    assert_eq!(at(t, &links[1]), "/i.png");
}

#[test]
fn shortcodes() {
    let t = "A {{< ref \"blog/post.md\" >}} and {{% relref path=\"/about\" lang=\"fr\" %}}\n\
             [x]({{< ref \"other.md#sec\" >}}) {{</* ref \"not.md\" */>}} {{< figure src=\"/f.png\" >}} {{< ref plain.md >}}\n";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l), l.url())).collect();
    assert_eq!(
        got,
        vec![
            (LinkKind::Ref, "blog/post.md", "blog/post.md"),
            (LinkKind::Relref, "/about", "/about"),
            (LinkKind::Ref, "other.md#sec", "other.md#sec"),
            // Hugo's own figure writes its `src` as a link.
            (LinkKind::ShortcodeResource, "/f.png", "/f.png"),
            (LinkKind::Ref, "plain.md", "plain.md"),
        ]
    );
}

#[test]
fn markdown_in_shortcode_arguments() {
    // Hugo's figure renders `caption` and `attr` with `markdownify`: as the
    // home page's Markdown, so a relative link or a fragment is left out.
    let t = "{{< figure src=\"a.png\" caption=\"Mapped \\\"here\\\" [m](/maps/) near https://example.org/x/, [r](rel/) [f](#top)\"\n  attr=`by [b](https://b.example/)` >}}";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l))).collect();
    assert_eq!(
        got,
        vec![
            (LinkKind::ShortcodeResource, "a.png"),
            (LinkKind::Markdown, "/maps/"),
            (LinkKind::Autolink, "https://example.org/x/"),
            (LinkKind::Markdown, "https://b.example/"),
        ]
    );
    assert_eq!(links[1].text(), Some("m"));
    // Without `linkify`, a bare URL is text.
    let rules = AnchorRules {
        linkify: false,
        ..AnchorRules::default()
    };
    let (links, _) = links_and_headings(t, 0, Some(&rules));
    assert!(links.iter().all(|l| l.kind != LinkKind::Autolink));
    // An escaped quote before a link: spans stay those of the file.
    let (value, offsets) = unescaped(r#"a \"b\" [c](/d/)"#);
    assert_eq!(value, "a \"b\" [c](/d/)");
    assert_eq!((offsets[2], offsets[3], offsets[value.len()]), (3, 4, 16));
}

#[test]
fn template_code_is_not_a_link() {
    let t = "[a](/a/)\n{{< list.inline >}}\n<a href=\"{{ .RelPermalink }}\">x</a> [b](/b/)\n{{< /list.inline >}}\n[c](/c/{{$lang}}/) [d](/d/)\n{{< one.inline />}}[e](/e/)\n";
    let urls: Vec<String> = body_links(t, 0)
        .into_iter()
        .map(|l| l.url().to_string())
        .collect();
    // A template action outside an inline shortcode is text as written (whether
    // something runs it as a template is decided where the link is resolved).
    assert_eq!(urls, ["/a/", "/c/{{$lang}}/", "/d/", "/e/"]);
    // Never closed: only the call is hidden.
    let t = "{{% open.inline %}} [f](/f/)";
    let urls: Vec<String> = body_links(t, 0)
        .into_iter()
        .map(|l| l.url().to_string())
        .collect();
    assert_eq!(urls, ["/f/"]);
}

#[test]
fn shortcode_edge_cases() {
    let t = "`{{< ref \"code.md\" >}}` {{< ref 日本.md >}} <a href=\"{{< relref \"h.md\" >}}\">x</a> [f](#frag) {{< ref \"unterminated.md\"";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l))).collect();
    assert_eq!(
        got,
        vec![
            (LinkKind::Ref, "code.md"),
            (LinkKind::Ref, "日本.md"),
            (LinkKind::Relref, "h.md"),
            (LinkKind::Markdown, "#frag")
        ]
    );
}

#[test]
fn every_prefix_is_safe() {
    let doc = "# Tïtle {#x}\n\n[a [b]](</p q> \"t\") ![i](/i.png) <https://e.x/é> [r][L]\n\n[l]: <\\é> 'x'\n\n\
               <div><a href='/é/'\n src=é>\n</div>\n\n{{< ref \"é.md\" >}} {{% relref é %}} {{</* ref x */>}}\n\n```\n[c](/c/)\n```\n\\[x](y\\é)";
    for (i, _) in doc.char_indices().chain(std::iter::once((doc.len(), ' '))) {
        let t = &doc[..i];
        for l in body_links(t, 0) {
            assert!(
                l.span().start <= l.span().end && t.get(l.span()).is_some(),
                "{t:?} {l:?}"
            );
        }
        let _ = heading_ids(t);
    }
}

#[test]
fn non_ascii_before_link() {
    let t = "Ünïcödé → 日本語 [リンク](/ja/ページ/)";
    let links = body_links(t, 7);
    assert_eq!(
        &t[links[0].span().start - 7..links[0].span().end - 7],
        "/ja/ページ/"
    );
    assert_eq!(links[0].text(), Some("リンク"));
}

#[test]
fn crlf_body() {
    let t = "# Title\r\n\r\nSee [a](/a/)\r\nand [b]\r\n\r\n[b]: /b/\r\n";
    let links = body_links(t, 0);
    let spans: Vec<_> = links.iter().map(|l| at(t, l)).collect();
    assert_eq!(spans, vec!["/a/", "b", "/b/"]);
}

#[test]
fn destination_scan_matches_pulldown_cmark() {
    // Found by fuzzing (markdown_links): DEL is part of a destination for
    // pulldown-cmark, so the span was empty while the URL was not.
    let t = "[r](\u{7f}wt\") x";
    let links = body_links(t, 0);
    assert_eq!(at(t, &links[0]), links[0].url());
    // In `<…>`, a backslash escapes only punctuation.
    let t = "[r](<a\\b>) [s](<c\\>d>)";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url())).collect();
    assert_eq!(got, vec![("a\\b", "a\\b"), ("c\\>d", "c>d")]);
    // Vertical tab before the destination is skipped like a space.
    let t = "[r](\u{b}/x/) y";
    let links = body_links(t, 0);
    assert_eq!(at(t, &links[0]), "/x/");
}

#[test]
fn destination_on_the_next_line_of_a_block_quote() {
    // Found by fuzzing (markdown_links, lone `\r` line ends): after a line
    // ending inside `(…)`, pulldown-cmark skips the next line's container
    // prefixes; the span was the `>` marker instead of the URL.
    let t = "conr](\r<x [r](\r >}md\"}) tx [r](\r<x [r](\r> }}) tx [r](\r<r co1!%C-\u{2}\0\0\0";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (l.span(), l.url())).collect();
    assert_eq!(got, vec![(42..44, "}}")]);
    assert_eq!(&t[42..44], "}}");
    for eol in ["\n", "\r\n", "\r"] {
        let t =
            "> [a](\n> /x/) [b](\n>  \t/y/ \"t\")\n>\n> [c]\n>\n> [c]:\n> /z/\n".replace('\n', eol);
        let links = body_links(&t, 0);
        let got: Vec<_> = links.iter().map(|l| (&t[l.span()], l.url())).collect();
        assert_eq!(
            got,
            vec![("/x/", "/x/"), ("/y/", "/y/"), ("c", "/z/"), ("/z/", "/z/")],
            "{t:?}"
        );
    }
}

#[test]
fn greater_than_that_is_no_container_prefix_is_in_the_destination() {
    // Indented four spaces, `>` starts no block quote: it is the
    // destination's first character.
    let t = "[a](\n    >x)\n\n> [b](\n>     >> )\n\n[c](\n    >&frac12;x)";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url())).collect();
    assert_eq!(got, vec![(">x", ">x"), (">>", ">>"), (">&frac12;x", ">½x")]);
}

#[test]
fn one_candidate_destination_needs_no_unescape() {
    // `unescape` does not know `&frac12;` or `&copy;`: with a single
    // place the destination can start, that place is still the answer.
    let t = "[a](/x&frac12;y/) [b](\n  /&copy;/ \"t\") [c](\r\n\t<&frac12; b>)";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url())).collect();
    assert_eq!(
        got,
        vec![
            ("/x&frac12;y/", "/x½y/"),
            ("/&copy;/", "/©/"),
            ("&frac12; b", "½ b")
        ]
    );
}

#[test]
fn destination_scan_skips_only_plain_bytes() {
    // The byte-by-byte loop scan_dest had before skipping runs of bytes.
    fn by_byte(b: &[u8], mut i: usize, end: usize) -> usize {
        let mut depth = 0usize;
        while i < end {
            match b[i] {
                b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 2,
                b'(' => {
                    depth += 1;
                    i += 1
                }
                b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    i += 1
                }
                0x00..=0x20 => break,
                _ => i += 1,
            }
        }
        i.min(end)
    }
    let texts = [
        "/a/b(c)d)e f",
        "é(ü))x",
        "a\\)b\\(c) d",
        "a\\é) x",
        "x\u{7f}y\u{1}z",
        "((a)\tb",
        "!\"#$%&'*+,-./:;=?@[]^_`{|}~)",
        "a\\",
        "\\\\)",
        "日本語/ページ\r\n",
        "a(b\\",
    ];
    for t in texts {
        for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
            for end in i..=t.len() {
                let want = by_byte(t.as_bytes(), i, end);
                assert_eq!(
                    scan_dest(t, i, end),
                    Some((i..want, want)),
                    "{t:?} {i} {end}"
                );
            }
        }
    }
}

#[test]
fn entity_decoding_near_multibyte_characters() {
    // Found by fuzzing (markdown_links): the `;` of a character reference
    // was looked for in the first 12 bytes by slicing, which panicked when
    // byte 12 fell inside a character.
    let t = "conr](\r<x [r](\r0>}m## Heading <x [r](\r\"&[>Setextel\u{780}])";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url())).collect();
    assert_eq!(
        got,
        vec![("\"&[>Setextel\u{780}]", "\"&[>Setextel\u{780}]")]
    );
    let t = "<a href=\"&ampxxxxxxxހ;/x/\">a</a> <a href=\"&amp;ހ\">b</a>";
    let links = body_links(t, 0);
    let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url())).collect();
    assert_eq!(
        got,
        vec![("&ampxxxxxxxހ;/x/", "&ampxxxxxxxހ;/x/"), ("&amp;ހ", "&ހ")]
    );
}

#[test]
fn reference_use_in_another_case_finds_its_definition() {
    // Found by fuzzing (markdown_links): definitions were stored by the
    // label as written, uses looked up case-folded, so `[foo]` lost the
    // place of `[Foo]: /x/`.
    let t = "[foo] and [FOO][]\n\n[Foo]: /x/\n";
    let links = body_links(t, 0);
    let def = t.find("/x/").unwrap();
    let uses: Vec<_> = links
        .iter()
        .filter(|l| l.kind == LinkKind::Markdown)
        .map(|l| (at(t, l), l.defined_at()))
        .collect();
    assert_eq!(
        uses,
        vec![("foo", Some(def..def + 3)), ("FOO", Some(def..def + 3))]
    );
}

#[test]
fn reference_labels_match_as_hugo_matches_them() {
    // Checked against Hugo 0.168.0 (goldmark): labels match by full
    // Unicode case folding (`ẞ` and `ß` are `ss`, `ſ` is `s`, the Kelvin
    // sign is `k`, `ﬀ` is `ff`, final sigma is sigma), the first of equal
    // definitions wins, runs of ASCII white space are one space, no-break
    // space is not white space, and a label's line break in a block quote
    // skips the `>`.
    let t = "[ẞ] [ß] [ſ] [K] [ΣΑΣ] [ﬀ] [a\u{a0}b] [c \t d]\n\n\
             > [foo\n> bar] [ẞ\n> ſ]\n>\n> [foo bar]: /fb/\n> [SS S]: /sss/\n\n\
             [ss]: /ss/\n[SS]: /second/\n[s]: /s/\n[k]: /k/\n[σας]: /sigma/\n[ff]: /ff/\n\
             [a b]: /ab/\n[c d]: /cd/\n";
    let links = body_links(t, 0);
    let def = |url: &str| {
        let at = t.find(&format!(" {url}\n")).unwrap() + 1;
        Some(at..at + url.len())
    };
    let uses: Vec<_> = links
        .iter()
        .filter(|l| l.kind == LinkKind::Markdown)
        .map(|l| (at(t, l), l.url(), l.defined_at()))
        .collect();
    assert_eq!(
        uses,
        vec![
            ("ẞ", "/ss/", def("/ss/")),
            ("ß", "/ss/", def("/ss/")),
            ("ſ", "/s/", def("/s/")),
            ("K", "/k/", def("/k/")),
            ("ΣΑΣ", "/sigma/", def("/sigma/")),
            ("ﬀ", "/ff/", def("/ff/")),
            ("c \t d", "/cd/", def("/cd/")),
            ("foo\n> bar", "/fb/", def("/fb/")),
            ("ẞ\n> ſ", "/sss/", def("/sss/")),
        ]
    );
    // The second `[SS]` definition is never used, and not a link.
    assert!(!links.iter().any(|l| l.url() == "/second/"), "{links:?}");
}

#[test]
fn multiline_link_text() {
    let t = "[one\ntwo](\n  /dest/\n  \"title\")";
    let links = body_links(t, 0);
    assert_eq!(at(t, &links[0]), "/dest/");
}

#[test]
fn markdown_shortcodes_leave_the_anchors_unknown() {
    let rules = AnchorRules::default();
    let t = "## Setup\n\n{{% include \"part.md\" %}}\n";
    assert!(anchor_ids(t, &rules).is_empty());
    assert!(links_and_headings(t, 0, Some(&rules)).1.is_empty());
    let t = "## Setup\n\n{{< figure src=\"a.png\" >}} [x]({{% ref \"a.md\" %}})\n{{% note %}}\n## Inside\n{{% /note %}}\nversion {{% latest %}}\n";
    assert_eq!(anchor_ids(t, &rules), ["setup", "inside"]);
    assert_eq!(
        links_and_headings(t, 0, Some(&rules)).1,
        ["setup", "inside"]
    );
}

#[test]
fn a_page_is_surely_anchorless_when_its_body_has_text_and_no_call_may_write_an_anchor() {
    let rules = AnchorRules::default();
    assert!(surely_anchorless(
        "Text and <h2>a heading without id</h2>\n",
        &rules
    ));
    assert!(surely_anchorless(
        "Text. [x]({{< relref \"a.md\" >}}) {{< youtube abc >}}\n",
        &rules
    ));
    // No text of its own: the page shows what its layout writes.
    for empty in ["", "\n  \n", "<!-- written by the layout -->\n"] {
        assert!(!surely_anchorless(empty, &rules), "{empty:?}");
    }
    // A shortcode the site has no template for may write anything.
    assert!(!surely_anchorless("Text.\n\n{{< tabs >}}\n", &rules));
    assert!(!surely_anchorless(
        "Text.\n\n{{% include \"a.md\" %}}\n",
        &rules
    ));
}

#[test]
fn a_ref_in_an_html_comment_has_no_fragment() {
    let t = "<!-- later: [x]({{< relref \"a.md#part\" >}}) -->\n[y]({{< relref \"b.md#end\" >}})\n";
    let links = body_links(t, 0);
    let urls: Vec<&str> = links.iter().map(|l| l.url()).collect();
    assert_eq!(urls, ["a.md", "b.md#end"]);
    assert_eq!(at(t, &links[0]), "a.md");
}

#[test]
fn heading_ids_github_style() {
    let t = "# Hello, World!\n\n## Hello World\n\n## Hello World\n\n### Ünïcode Ärger_x 2\n\nSetext\nheading\n---\n\n## Custom {#my-id}\n\n## Closed ##\n\n## `code` and *emph* [link](/x)\n\n## !!!\n\n> ## In quote\n\n## hello-world {.cls}\n";
    assert_eq!(
        heading_ids(t),
        vec![
            "hello-world",
            "hello-world-1",
            "hello-world-2",
            "ünïcode-ärger_x-2",
            "heading",
            "my-id",
            "closed",
            "code-and-emph-link",
            "heading-1",
            "in-quote",
            "hello-world-3",
        ]
    );
}

#[test]
fn many_headings_number_ids_as_few_do() {
    // Past LINEAR_IDS ids, taken ids are looked up in a set: the ids
    // must be the ones a set from the first heading gives.
    fn with_a_set(names: &[&str]) -> Vec<String> {
        let mut taken = std::collections::HashSet::new();
        let mut ids = Vec::new();
        for name in names {
            let id = match name.strip_prefix('#') {
                Some(explicit) => explicit.to_string(),
                None => {
                    let base = anchorize(name);
                    let mut id = base.clone();
                    let mut n = 0;
                    while taken.contains(&id) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    id
                }
            };
            taken.insert(id.clone());
            ids.push(id);
        }
        ids
    }
    for count in [1, 15, 16, 17, 18, 40] {
        let names: Vec<&str> = ["A", "B", "A", "A-1", "#a-3", "A", "#b", "B", "a 1"]
            .into_iter()
            .cycle()
            .take(count)
            .collect();
        let body: String = names
            .iter()
            .map(|n| match n.strip_prefix('#') {
                Some(id) => format!("## X {{#{id}}}\n\n"),
                None => format!("## {n}\n\n"),
            })
            .collect();
        assert_eq!(heading_ids(&body), with_a_set(&names), "{count}");
    }
}

#[test]
fn explicit_ids_reserve_names() {
    let t = "## A {#a}\n\n## A\n\n## B {id=\"b\" .c}\n";
    assert_eq!(heading_ids(t), vec!["a", "a-1", "b"]);
}

#[test]
fn find_braces_is_a_substring_search() {
    let texts = [
        "",
        "{",
        "{{",
        "{{{",
        "a{b{{c",
        "é{{",
        "{é{{",
        "x{\n{{",
        "{ {",
        "日本{語{{{",
        "}}{{<",
    ];
    for t in texts {
        for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
            assert_eq!(
                find_braces(t, from),
                t[from..].find("{{").map(|p| from + p),
                "{t:?} {from}"
            );
        }
    }
}

#[test]
fn anchorize_ascii_shortcut_keeps_the_unicode_rules() {
    // The rules as written before the ASCII shortcut.
    fn unicode_rules(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if c == '-' || c == ' ' || c == '\t' {
                out.push('-');
            } else if c == '_' || c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            }
        }
        out
    }
    let ascii: String = (0..=0x7fu8).map(char::from).collect();
    for s in [
        ascii.as_str(),
        "Ünïcode Ärger_x 2",
        "İstanbul ẞ Σ ǅ Ⅻ ½ ٣ 東京",
        "tab\there\r\n{#x}",
    ] {
        assert_eq!(anchorize(s), unicode_rules(s), "{s:?}");
    }
}

#[test]
fn anchorize_rules() {
    assert_eq!(anchorize("A - B"), "a---b");
    assert_eq!(anchorize("v1.0.0 (Apr 21)"), "v100-apr-21");
    assert_eq!(anchorize("Straße 東京"), "straße-東京");
}
