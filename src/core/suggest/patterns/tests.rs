use super::*;

/// A stand-in for the browser's RegExp: refuses unbalanced brackets and
/// Python's `(?P<`, and records nothing else.
fn checker(source: &str, flags: &str) -> Result<(), String> {
    assert!(flags == "u" || flags == "iu", "the engine's flags, got {flags:?}");
    if source.contains("(?P<") {
        return Err("Invalid group".into());
    }
    let mut depth = 0i32;
    let mut escaped = false;
    for c in source.chars() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '(') => depth += 1,
            (false, ')') => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Err("Unmatched ')'".into());
        }
    }
    if depth != 0 {
        return Err("Unterminated group".into());
    }
    Ok(())
}

fn ok(text: &str) -> Vec<Pattern> {
    parse(text, &checker).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn one(line: &str) -> Pattern {
    let mut all = ok(line);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn err(text: &str) -> Vec<PatternError> {
    parse(text, &checker).expect_err(text)
}

/// The single error of a one-line file, as shown: `line 1: …`.
fn err1(line: &str) -> String {
    let errors = err(line);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].to_string()
}

fn regex(p: &Pattern) -> (&str, &str) {
    match &p.matcher {
        Matcher::Regex { source, flags } => (source, flags),
        m => panic!("not a regex: {m:?}"),
    }
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn a_phrase_pattern_is_literal_with_its_name() {
    let p = one(r#"{"label": "statistic", "pattern": "160多个国家"}"#);
    assert_eq!(p.label, Tag::Statistic);
    assert_eq!(p.matcher, Matcher::Phrase("160多个国家".into()));
    assert_eq!(p.name, "160多个国家");
    let p = one(r#"{"label": "EVENT", "pattern": "  进博会 ", "id": "expo"}"#);
    assert_eq!((p.label, p.name.as_str()), (Tag::Event, "expo"));
    assert_eq!(p.matcher, Matcher::Phrase("进博会".into()));
}

#[test]
fn labels_are_case_insensitive_and_others_refused() {
    assert_eq!(one(r#"{"label": "Quote", "pattern": "他说"}"#).label, Tag::Quote);
    assert_eq!(one(r#"{"label": "STATISTIC", "pattern": "百分之"}"#).label, Tag::Statistic);
    assert_eq!(
        err1(r#"{"label": "ORG", "pattern": "新华社"}"#),
        r#"line 1: has the label "ORG"; the labels are quote, statistic and event (in any case)"#
    );
}

#[test]
fn every_kind_of_bad_line_is_named_with_its_line() {
    let cases = [
        ("not json", "is not JSON"),
        ("[1, 2]", "is not a JSON object"),
        (r#"{"pattern": "x"}"#, "has no \"label\""),
        (r#"{"label": 3, "pattern": "x"}"#, "\"label\" that is not a string"),
        (r#"{"label": "event"}"#, "has neither \"pattern\" nor \"regex\""),
        (r#"{"label": "event", "pattern": "a", "regex": "a"}"#, "has both"),
        (r#"{"label": "event", "pattern": "   "}"#, "empty phrase"),
        (r#"{"label": "event", "pattern": 5}"#, "neither a phrase"),
        (r#"{"label": "event", "pattern": "ab", "flags": "i"}"#, "\"flags\" without \"regex\""),
        (r#"{"label": "event", "pattern": "ab", "patern": "x"}"#, "has a field \"patern\""),
        (r#"{"label": "event", "pattern": "ab", "id": ""}"#, "empty \"id\""),
        (r#"{"label": "event", "pattern": "ab", "id": []}"#, "\"id\" that is not a string"),
        (r#"{"label": "event", "regex": ""}"#, "empty \"regex\""),
        (r#"{"label": "event", "regex": 1}"#, "\"regex\" that is not a string"),
        (r#"{"label": "event", "regex": "(ab"}"#, "is not a valid regular expression: Unterminated group"),
        (r#"{"label": "event", "regex": "ab", "flags": "g"}"#, "the flag \"g\"; only \"i\""),
        (r#"{"label": "event", "regex": "ab", "flags": "ii"}"#, "the flag \"i\" twice"),
        (r#"{"label": "event", "regex": "ab", "flags": 1}"#, "\"flags\" that are not a string"),
        (r#"{"label": "event", "pattern": []}"#, "empty list of tokens"),
    ];
    for (line, want) in cases {
        let text = format!("\n{{\"label\": \"event\", \"pattern\": \"ok\"}}\n{line}\n");
        let errors = err(&text);
        assert_eq!(errors.len(), 1, "{line}: {errors:?}");
        assert_eq!(errors[0].line, 3, "{line}");
        assert!(errors[0].message.contains(want), "{line}: {}", errors[0].message);
        assert!(errors[0].to_string().starts_with("line 3: "));
    }
}

#[test]
fn one_bad_line_of_five_refuses_the_file_and_all_errors_are_returned() {
    let text = "{\"label\": \"event\", \"pattern\": \"a1\"}\n\
                {\"label\": \"event\", \"pattern\": \"a2\"}\n\
                {\"label\": \"place\", \"pattern\": \"a3\"}\n\
                {\"label\": \"event\", \"pattern\": \"a4\"}\n\
                {\"label\": \"event\", \"pattern\": \"a5\"}\n";
    let errors = err(text);
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3]);
    let text = "x\n\n{\"label\": \"event\", \"pattern\": \"ab\"}\ny\n";
    assert_eq!(err(text).iter().map(|e| e.line).collect::<Vec<_>>(), [1, 4]);
}

#[test]
fn errors_are_capped_with_a_count_of_the_rest() {
    let text = "bad\n".repeat(25);
    let errors = err(&text);
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert_eq!(errors[19].line, 20);
    assert_eq!(errors[20], PatternError { line: 0, message: "and 5 more lines with errors".into() });
    assert_eq!(errors[20].to_string(), "and 5 more lines with errors");
}

#[test]
fn too_large_or_too_many_is_refused_whole() {
    let big = "x".repeat(MAX_BYTES + 1);
    assert!(err(&big)[0].message.contains("at most 5 MB"));
    let many = "{\"label\": \"event\", \"pattern\": \"ab\"}\n".repeat(MAX_PATTERNS + 1);
    let errors = err(&many);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 0);
    assert!(errors[0].message.contains("at most 10000"), "{}", errors[0].message);
}

#[test]
fn blank_lines_and_crlf_are_skipped() {
    let text = "\r\n{\"label\": \"event\", \"pattern\": \"ab\"}\r\n   \n\n{\"label\": \"quote\", \"regex\": \"说：.+\"}\r\n";
    let all = ok(text);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].line, "{\"label\": \"event\", \"pattern\": \"ab\"}");
    assert_eq!(ok("").len(), 0);
}

#[test]
fn a_byte_order_mark_at_the_start_is_not_part_of_the_first_line() {
    let all = ok("\u{feff}{\"label\": \"event\", \"pattern\": \"ab\"}\n{\"label\": \"quote\", \"pattern\": \"cd\"}\n");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].line, "{\"label\": \"event\", \"pattern\": \"ab\"}", "the mark is not kept in the line written back");
    // Only a leading mark: one inside a line is that line's text.
    assert!(err1("{\"label\": \"event\"}\u{feff}").starts_with("line 1: is not JSON"));
}

#[test]
fn json_nested_too_deeply_is_named_as_such() {
    let deep = format!("{{\"label\": \"event\", \"pattern\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(err1(&deep), "line 1: is JSON nested too deeply (more than 128 levels)");
}

#[test]
fn the_regex_form() {
    let p = one(r#"{"label": "event", "regex": "第[一二三四五六七八九十]+届[^，。]{2,12}论坛", "id": "forum"}"#);
    assert_eq!(p.name, "forum");
    assert_eq!(regex(&p), ("第[一二三四五六七八九十]+届[^，。]{2,12}论坛", ""));
    let p = one(r#"{"label": "event", "regex": "world cup", "flags": "i"}"#);
    assert_eq!(regex(&p), ("world cup", "i"));
    assert_eq!(p.name, "regex /world cup/");
    assert_eq!(regex(&one(r#"{"label": "event", "regex": "a", "flags": "u"}"#)).1, "");
    assert_eq!(regex(&one(r#"{"label": "event", "regex": "a", "flags": "ui"}"#)).1, "i");
    for f in ["g", "y", "m", "s", "d", "v"] {
        let line = format!(r#"{{"label": "event", "regex": "a", "flags": "{f}"}}"#);
        assert!(err1(&line).contains(&format!("the flag \"{f}\"")));
    }
    let long = one(&format!(r#"{{"label": "event", "regex": "{}"}}"#, "甲".repeat(40)));
    assert_eq!(long.name, format!("regex /{}…/", "甲".repeat(29)));
}

#[test]
fn token_texts_compile_to_escaped_literals() {
    let p = one(r#"{"label": "event", "pattern": [{"ORTH": "U.S."}, {"TEXT": "(open)"}]}"#);
    assert_eq!(regex(&p), (r"(?:U\.S\.)(?:\s*(?:\(open\)))", ""));
    assert!(p.name.starts_with("tokens /"));
    // One plain token is a phrase.
    assert_eq!(one(r#"{"label": "event", "pattern": [{"orth": "奥运会"}]}"#).matcher, Matcher::Phrase("奥运会".into()));
    assert_eq!(tokens::escape("a-b,c/d|e{1}^$"), r"a-b,c\/d\|e\{1\}\^\$");
}

#[test]
fn lower_makes_the_whole_pattern_case_insensitive() {
    let p = one(r#"{"label": "event", "pattern": [{"LOWER": "world"}, {"ORTH": "Cup"}]}"#);
    assert_eq!(regex(&p), (r"(?:world)(?:\s*(?:Cup))", "i"));
    let p = one(r#"{"label": "event", "pattern": [{"LOWER": "apec"}]}"#);
    assert_eq!(regex(&p), ("(?:apec)", "i"));
}

#[test]
fn token_regex_and_in() {
    let p = one(r#"{"label": "event", "pattern": [{"TEXT": {"REGEX": "^第.届$"}}, {"LOWER": {"IN": ["forum", "summit", "峰会"]}}]}"#);
    assert_eq!(regex(&p), (r"(?:(?:第.届))(?:\s*(?:(?:summit|forum|峰会)))", "i"));
    let p = one(r#"{"label": "event", "pattern": [{"TEXT": {"REGEX": "a\\$"}}]}"#);
    assert_eq!(regex(&p).0, r"(?:(?:a\$))");
    assert!(err1(r#"{"label": "event", "pattern": [{"TEXT": {"IN": []}}]}"#).contains("\"IN\" is empty"));
    assert!(err1(r#"{"label": "event", "pattern": [{"TEXT": {"IN": [1]}}]}"#).contains("not a non-empty string"));
    assert!(err1(r#"{"label": "event", "pattern": [{"TEXT": {"REGEX": "(?P<x>a)"}}]}"#).contains("not a valid regular expression"));
    assert!(err1(r#"{"label": "event", "pattern": [{"TEXT": {"REGEX": "a", "IN": ["b"]}}]}"#).contains("exactly one"));
}

#[test]
fn flag_attributes() {
    let class = |attr: &str| {
        let p = one(&format!(r#"{{"label": "statistic", "pattern": [{{"{attr}": true}}]}}"#));
        regex(&p).0.to_string()
    };
    assert_eq!(class("IS_DIGIT"), "(?:[0-9０-９]+)");
    assert_eq!(class("LIKE_NUM"), "(?:[0-9０-９.,，．〇零一二两三四五六七八九十百千万亿]+)");
    assert_eq!(class("IS_PUNCT"), r"(?:\p{P}+)");
    assert_eq!(class("IS_SPACE"), r"(?:\s+)");
    assert_eq!(class("is_alpha"), r"(?:\p{L}+)");
    assert!(err1(r#"{"label": "event", "pattern": [{"IS_DIGIT": false}]}"#).contains("only true is supported"));
    assert!(err1(r#"{"label": "event", "pattern": [{"IS_DIGIT": 1}]}"#).contains("not true or false"));
}

#[test]
fn ops_become_quantifiers() {
    let src = |tokens: &str| regex(&one(&format!(r#"{{"label": "statistic", "pattern": {tokens}}}"#))).0.to_string();
    let d = r"(?:[0-9０-９]+)";
    let s = r"(?:\s*(?:万))";
    let tok = |op: &str| format!(r#"[{{"IS_DIGIT": true}}, {{"ORTH": "万", "OP": "{op}"}}]"#);
    assert_eq!(src(&tok("?")), format!("{d}{s}?"));
    assert_eq!(src(&tok("*")), format!("{d}{s}*"));
    assert_eq!(src(&tok("+")), format!("{d}{s}+"));
    assert_eq!(src(&tok("{2}")), format!("{d}{s}{{2}}"));
    assert_eq!(src(&tok("{1,3}")), format!("{d}{s}{{1,3}}"));
    assert_eq!(src(&tok("{2,}")), format!("{d}{s}{{2,}}"));
    assert_eq!(src(&tok("{,3}")), format!("{d}{s}{{0,3}}"));
    // The first token: one group, then the repetitions with their spaces.
    let first = |op: &str| src(&format!(r#"[{{"ORTH": "很", "OP": "{op}"}}, {{"ORTH": "多"}}]"#));
    let (g, gs, m) = ("(?:很)", r"(?:\s*(?:很))", r"(?:\s*(?:多))");
    assert_eq!(first("?"), format!("(?:{g})?{m}"));
    assert_eq!(first("+"), format!("{g}{gs}*{m}"));
    assert_eq!(first("*"), format!("(?:{g}{gs}*)?{m}"));
    assert_eq!(first("{3}"), format!("{g}{gs}{{2}}{m}"));
    assert_eq!(first("{1}"), format!("{g}{m}"));
    assert_eq!(first("{2,4}"), format!("{g}{gs}{{1,3}}{m}"));
    assert_eq!(first("{0,2}"), format!("(?:{g}{gs}?)?{m}"));
    for bad in ["!", "{0}", "{3,1}", "{,}", "{x}", "{101}", "++"] {
        let e = err1(&format!(r#"{{"label": "event", "pattern": [{{"ORTH": "a", "OP": "{bad}"}}]}}"#));
        assert!(e.starts_with("line 1: token 1 has OP"), "{bad}: {e}");
    }
    assert!(err1(r#"{"label": "event", "pattern": [{"ORTH": "a", "OP": "!"}]}"#).contains("negation"));
}

#[test]
fn what_needs_a_model_or_tokenizer_is_refused_by_name() {
    assert_eq!(
        err1(r#"{"label": "event", "pattern": [{"ORTH": "在"}, {"POS": "NOUN"}]}"#),
        r#"line 1: token 2 uses "POS", which needs a language model; Tagmark matches characters, so it can't use it"#
    );
    for attr in ["TAG", "DEP", "LEMMA", "MORPH", "ENT_TYPE", "ENT_IOB", "SENT_START", "IS_SENT_START"] {
        let e = err1(&format!(r#"{{"label": "event", "pattern": [{{"{attr}": "x"}}]}}"#));
        assert!(e.contains(&format!("\"{attr}\", which needs a language model")), "{e}");
    }
    for attr in ["LENGTH", "SHAPE", "PREFIX", "SUFFIX"] {
        let e = err1(&format!(r#"{{"label": "event", "pattern": [{{"{attr}": "x"}}]}}"#));
        assert!(e.contains("needs a tokenizer"), "{e}");
    }
    assert!(err1(r#"{"label": "event", "pattern": [{"_": {"is_org": true}}]}"#).contains("custom extension"));
    assert!(err1(r#"{"label": "event", "pattern": [{"LIKE_URL": true}]}"#).contains("does not support"));
    assert!(err1(r#"{"label": "event", "pattern": [{}]}"#).contains("\"any token\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"OP": "*"}]}"#).contains("\"any token\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"LOWER": {"NOT_IN": ["a"]}}]}"#).contains("\"NOT_IN\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"LOWER": {"FUZZY": "apec"}}]}"#).contains("fuzzy"));
    assert!(err1(r#"{"label": "event", "pattern": [{"LENGTH": {">=": 2}}]}"#).contains("\"LENGTH\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"ORTH": {">=": 2}}]}"#).contains("compares with \">=\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"ORTH": "a", "LOWER": "a"}]}"#).contains("only one of them"));
    assert!(err1(r#"{"label": "event", "pattern": ["a"]}"#).contains("token 1 is not an object"));
    assert!(err1(r#"{"label": "event", "pattern": [{"ORTH": ""}]}"#).contains("empty \"ORTH\""));
    assert!(err1(r#"{"label": "event", "pattern": [{"ORTH": 1}]}"#).contains("not a string, REGEX or IN"));
}

#[test]
fn export_then_import_round_trips() {
    let text = "{\"label\": \"statistic\", \"pattern\": \"160多个国家\"}\n\n\
                {\"label\": \"EVENT\", \"pattern\": [{\"LOWER\": \"apec\"}, {\"ORTH\": \"峰会\"}], \"id\": \"apec\"}\n\
                {\"label\": \"event\", \"regex\": \"第.届\", \"flags\": \"i\"}\n";
    let patterns = ok(text);
    let out = to_jsonl(&patterns);
    assert_eq!(out.lines().count(), 3);
    assert!(out.ends_with('\n'));
    assert_eq!(ok(&out), patterns);
    // And through the app's storage.
    let stored = serde_json::to_string(&patterns).unwrap();
    assert_eq!(serde_json::from_str::<Vec<Pattern>>(&stored).unwrap(), patterns);
}

#[test]
fn merge_adds_only_new_label_and_matcher() {
    let mut existing = ok("{\"label\": \"event\", \"pattern\": \"ab\"}\n");
    let new = ok("{\"label\": \"event\", \"pattern\": \"ab\", \"id\": \"x\"}\n\
                  {\"label\": \"quote\", \"pattern\": \"ab\"}\n\
                  {\"label\": \"event\", \"pattern\": \"cd\"}\n");
    assert_eq!(merge(&mut existing, new.clone()), 2);
    assert_eq!(existing.len(), 3);
    assert_eq!(merge(&mut existing, new), 0);
}

#[test]
fn phrases_are_found_in_code_points() {
    let patterns = ok("{\"label\": \"event\", \"pattern\": \"𠮷野家\"}\n\
                       {\"label\": \"quote\", \"pattern\": \"🎉🎉\", \"id\": \"party\"}\n\
                       {\"label\": \"statistic\", \"pattern\": \"野家🎉\"}\n\
                       {\"label\": \"event\", \"regex\": \"x\"}\n");
    let text = chars("在𠮷野家🎉🎉🎉🎉吃饭𠮷野家");
    let found = find_phrases(&patterns, &text);
    let spans: Vec<_> = found.iter().map(|f| (f.start, f.end, f.source.name())).collect();
    assert_eq!(
        spans,
        [
            (1, 4, "pattern:𠮷野家".to_string()),
            (2, 5, "pattern:野家🎉".to_string()),
            (4, 6, "pattern:party".to_string()),
            (6, 8, "pattern:party".to_string()),
            (10, 13, "pattern:𠮷野家".to_string()),
        ]
    );
    for f in &found {
        assert_eq!(f.score, 1.0);
        let name = match &patterns.iter().find(|p| Source::Pattern(p.name.clone()) == f.source).unwrap().matcher {
            Matcher::Phrase(p) => p.clone(),
            _ => unreachable!(),
        };
        assert_eq!(text[f.start..f.end].iter().collect::<String>(), name);
    }
    assert!(find_phrases(&patterns, &[]).is_empty());
}

#[test]
fn regexes_for_the_adapter_and_their_finds() {
    let patterns = ok("{\"label\": \"event\", \"pattern\": \"ab\"}\n\
                       {\"label\": \"event\", \"regex\": \"x\", \"flags\": \"i\"}\n\
                       {\"label\": \"quote\", \"regex\": \"y\"}\n");
    let all: Vec<_> = regexes(&patterns).map(|(p, s, f)| (p.label, s, f)).collect();
    assert_eq!(all, [(Tag::Event, "x", "iu"), (Tag::Quote, "y", "u")]);
    let text = chars("  𠮷 ");
    let f = regex_found(&patterns[1], &text, 0, 4).unwrap();
    assert_eq!((f.start, f.end, f.tag), (2, 3, Tag::Event));
    assert!(regex_found(&patterns[1], &text, 1, 1).is_none());
    assert!(regex_found(&patterns[1], &text, 0, 2).is_none());
    assert!(regex_found(&patterns[1], &text, 3, 9).is_none());
    assert!(regex_found(&patterns[1], &text, 3, 2).is_none());
}
