//! The guideline's examples and counter-examples for statistic and event
//! (quote has its own in `quote.rs`), verbatim and inside realistic sentences.

use super::{spans, spans_of};
use crate::core::annotation::Tag;

fn stats(text: &str) -> Vec<String> {
    spans_of(text, Tag::Statistic)
}

fn events(text: &str) -> Vec<String> {
    spans_of(text, Tag::Event)
}

#[test]
fn statistic_guideline_yes_verbatim() {
    for (text, want) in [
        ("160多个国家和地区", "160多个国家和地区"),
        ("600多个政党和政治组织", "600多个政党和政治组织"),
        ("约40次", "约40次"),
        ("3次出访", "3次"),
        ("95周年", "95周年"),
        ("70周年", "70周年"),
        ("8年间", "8年间"),
        ("30%", "30%"),
        ("5亿人", "5亿人"),
    ] {
        assert_eq!(stats(text), [want], "{text}");
    }
}

#[test]
fn statistic_guideline_yes_in_sentences() {
    assert_eq!(stats("来自160多个国家和地区的政党领导人出席。"), ["160多个国家和地区"]);
    assert_eq!(stats("600多个政党和政治组织参加会议。"), ["600多个政党和政治组织"]);
    assert_eq!(stats("8年间，他先后约40次出访，其中3次出访欧洲。"), ["8年间", "约40次", "3次"]);
    assert_eq!(stats("庆祝建党95周年，迎接新中国成立70周年。"), ["95周年", "70周年"]);
    assert_eq!(stats("贫困发生率下降了30%，惠及5亿人。"), ["30%", "5亿人"]);
}

#[test]
fn statistic_guideline_no() {
    for text in ["第一书记", "十八大", "十一届三中全会", "一个个", "一道", "两党两国关系", "一系列"] {
        assert!(stats(text).is_empty(), "{text}: {:?}", stats(text));
    }
    assert!(stats("党的十八大以来，一系列举措相继出台。").is_empty());
    assert!(stats("他担任村党支部第一书记，和村民一道把一个个难题解决。").is_empty());
    assert!(stats("推动两党两国关系不断发展，党的十一届三中全会").is_empty());
    assert!(stats("2017年12月1日").is_empty(), "dates are events");
}

#[test]
fn statistic_more_forms() {
    assert_eq!(stats("投资1,200万美元"), ["1,200万美元"]);
    assert_eq!(stats("增长3.5％"), ["3.5％"]);
    assert_eq!(stats("一百二十名代表"), ["一百二十名代表"]);
    assert_eq!(stats("吸引两万人参观"), ["两万人"]);
    assert_eq!(stats("约占三成"), ["三成"]);
    assert_eq!(stats("十几个国家的代表"), ["十几个国家"]);
    assert_eq!(stats("数十家企业参展"), ["数十家企业"]);
    assert_eq!(stats("用了三天，又过了两周"), ["三天", "两周"]);
    assert_eq!(stats("超过100人左右"), ["超过100人左右"]);
    assert_eq!(stats("逾50亿元"), ["逾50亿元"]);
    assert_eq!(stats("百分之三十的居民"), ["百分之三十"]);
    assert_eq!(stats("more than 40 percent of the 160 countries"), ["more than 40 percent", "160 countries"]);
}

#[test]
fn statistic_fixed_expressions_and_relative_time() {
    for text in ["一起", "一些", "一直", "一样", "一定", "统一", "唯一", "一带一路", "万一", "一方面", "千家万户", "星期一", "五年前", "80年代", "三年级"] {
        assert!(stats(text).is_empty(), "{text}: {:?}", stats(text));
    }
    assert!(stats("这是一个重要的时刻").is_empty());
}

#[test]
fn event_guideline_yes_verbatim() {
    for text in [
        "中国共产党与世界政党高层对话会",
        "中拉政党论坛",
        "2017年12月1日",
        "2020年11月16日",
        "2015年6月11日",
        "2020年1月",
        "2016年",
    ] {
        assert_eq!(events(text), [text], "{text}");
    }
    let s = spans("庆祝中国共产党成立95周年大会");
    assert!(s.contains(&("庆祝中国共产党成立95周年大会".into(), Tag::Event, "event.meeting")));
    assert!(s.contains(&("95周年".into(), Tag::Statistic, "statistic.span")), "the statistic inside the event");
}

#[test]
fn event_guideline_yes_in_sentences() {
    assert_eq!(
        events("2017年12月1日，中国共产党与世界政党高层对话会在北京开幕。"),
        ["2017年12月1日", "中国共产党与世界政党高层对话会"]
    );
    assert_eq!(events("习近平出席中拉政党论坛并致辞。"), ["中拉政党论坛"]);
    assert_eq!(events("他在庆祝中国共产党成立95周年大会上讲话"), ["庆祝中国共产党成立95周年大会"]);
    assert_eq!(events("2016年，他访问了12月1日开放的展馆"), ["2016年", "12月1日"]);
}

#[test]
fn event_guideline_no() {
    for text in ["此后", "当时", "五年前", "新中国成立之初", "今年", "去年", "明年", "近年来", "三年前"] {
        assert!(events(text).is_empty(), "{text}: {:?}", events(text));
    }
    assert!(events("此后，两人五年前首次会面的情景，新中国成立之初的艰难，当时谁都记得。").is_empty());
}

#[test]
fn event_words_in_hui_that_are_no_meetings() {
    for text in ["这是难得的机会", "社会各界", "外事委员会", "中华医学会", "全国总工会", "美国国会", "他不会来", "可能会下雨", "我们将会努力", "深刻体会到", "产生误会", "的理事会", "会见了客人"] {
        assert!(events(text).is_empty(), "{text}: {:?}", events(text));
    }
    assert_eq!(events("出席第二届中国国际进口博览会开幕式"), ["第二届中国国际进口博览会"]);
    assert_eq!(events("春节期间，他们到这里过春节"), ["春节", "春节"]);
    assert!(events("细节决定成败，这个环节很关键").is_empty());
    assert_eq!(events("为迎接亚冬会，他们参观了进博会"), ["亚冬会", "进博会"]);
    assert!(events("召开宣介会").is_empty(), "a kind of meeting, not a name");
}

#[test]
fn event_dates_in_other_forms() {
    assert_eq!(events("二〇一七年十二月一日"), ["二〇一七年十二月一日"]);
    assert_eq!(events("On December 1, 2017, delegates met."), ["December 1, 2017"]);
    assert_eq!(events("It opened on 1 December 2017 in Beijing"), ["1 December 2017"]);
    assert_eq!(events("Dec. 1, 2017"), ["Dec. 1, 2017"]);
    assert_eq!(events("in December 2017"), ["December 2017"]);
    assert_eq!(events("since 2018, more"), ["2018"]);
    assert!(events("He may go. 2017 people came").is_empty());
}
