//! The word lists of the statistic rule: units, and what ends a counted noun.

/// What a unit says about the number, which decides the rule name and
/// whether a counted noun may follow.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A classifier for things, followed by what is counted (个国家).
    Nominal,
    /// A unit complete in itself (次, 倍, 公里, 人).
    Measure,
    /// A length of time (年间, 周年, 天).
    Span,
    /// Money.
    Money,
    /// A share.
    Percent,
}

/// Units after a numeral, longer first so 周年 wins over 周 and 个月 over 个.
pub(super) const UNITS: &[(&str, Kind)] = &[
    ("个百分点", Kind::Percent),
    ("百分点", Kind::Percent),
    ("平方公里", Kind::Measure),
    ("个小时", Kind::Span),
    ("个星期", Kind::Span),
    ("个月", Kind::Span),
    ("周年", Kind::Span),
    ("年间", Kind::Span),
    ("小时", Kind::Span),
    ("分钟", Kind::Span),
    ("星期", Kind::Span),
    ("美元", Kind::Money),
    ("欧元", Kind::Money),
    ("日元", Kind::Money),
    ("英镑", Kind::Money),
    ("港元", Kind::Money),
    ("卢布", Kind::Money),
    ("人民币", Kind::Money),
    ("人次", Kind::Measure),
    ("人口", Kind::Measure),
    ("公里", Kind::Measure),
    ("千米", Kind::Measure),
    ("平方米", Kind::Measure),
    ("立方米", Kind::Measure),
    ("平方千米", Kind::Measure),
    ("厘米", Kind::Measure),
    ("毫米", Kind::Measure),
    ("公升", Kind::Measure),
    ("公顷", Kind::Measure),
    ("公斤", Kind::Measure),
    ("千克", Kind::Measure),
    ("千瓦时", Kind::Measure),
    ("千瓦", Kind::Measure),
    ("标箱", Kind::Measure),
    ("%", Kind::Percent),
    ("％", Kind::Percent),
    ("‰", Kind::Percent),
    ("元", Kind::Money),
    ("年", Kind::Span),
    ("天", Kind::Span),
    ("周", Kind::Span),
    ("秒", Kind::Span),
    ("次", Kind::Measure),
    ("回", Kind::Measure),
    ("轮", Kind::Measure),
    ("遍", Kind::Measure),
    ("趟", Kind::Measure),
    ("倍", Kind::Measure),
    ("吨", Kind::Measure),
    ("例", Kind::Measure),
    ("米", Kind::Measure),
    ("亩", Kind::Measure),
    ("岁", Kind::Measure),
    ("人", Kind::Measure),
    ("个", Kind::Nominal),
    ("位", Kind::Nominal),
    ("名", Kind::Nominal),
    ("家", Kind::Nominal),
    ("项", Kind::Nominal),
    ("种", Kind::Nominal),
    ("条", Kind::Nominal),
    ("批", Kind::Nominal),
    ("所", Kind::Nominal),
    ("座", Kind::Nominal),
    ("件", Kind::Nominal),
    ("支", Kind::Nominal),
    ("部", Kind::Nominal),
    ("篇", Kind::Nominal),
    ("份", Kind::Nominal),
    ("本", Kind::Nominal),
    ("台", Kind::Nominal),
    ("辆", Kind::Nominal),
    ("架", Kind::Nominal),
    ("艘", Kind::Nominal),
    ("封", Kind::Nominal),
    ("首", Kind::Nominal),
    ("幅", Kind::Nominal),
    ("张", Kind::Nominal),
    ("场", Kind::Nominal),
    ("类", Kind::Nominal),
    ("套", Kind::Nominal),
    ("栋", Kind::Nominal),
    ("棵", Kind::Nominal),
    ("块", Kind::Nominal),
    ("处", Kind::Nominal),
    ("间", Kind::Nominal),
    ("株", Kind::Nominal),
    ("列", Kind::Nominal),
    ("户", Kind::Nominal),
    ("期", Kind::Nominal),
    ("届", Kind::Measure),
    ("所", Kind::Nominal),
    ("成", Kind::Percent),
];

/// English units and counted nouns after a number (with a space before).
pub(super) const EN_UNITS: &[&str] = &[
    "per cent", "percent", "million", "billion", "thousand", "countries", "parties", "people", "years", "times",
    "members", "delegates", "leaders", "visits", "cities", "projects", "students", "organizations", "days",
    "tourists", "visitors", "workers", "companies", "children", "residents", "patients", "participants", "athletes",
    "teams", "schools", "villages", "kilometers", "km", "tons", "yuan", "dollars", "euros", "hours", "weeks", "months",
];

/// Function characters that end a counted noun phrase (个国家的…, 位代表在…).
pub(super) fn is_stop(c: char) -> bool {
    matches!(
        c,
        '的' | '了' | '着' | '在' | '同' | '对' | '向' | '为' | '把' | '被' | '将' | '从' | '到'
            | '是' | '有' | '都' | '也' | '还' | '已' | '又' | '并' | '而' | '等' | '均' | '以' | '之'
            | '里' | '内' | '前' | '后' | '各' | '每' | '其' | '这' | '那' | '此' | '该' | '即' | '但' | '却' | '或'
            | '于' | '由' | '给' | '让' | '令' | '会' | '可' | '应' | '需' | '正' | '曾' | '仍'
            | '再' | '更' | '最' | '很' | '不' | '没' | '未' | '无' | '和' | '与' | '及'
    )
}

/// Verbs that end a counted noun phrase (个政党参加…); checked before each character.
pub(super) const STOP_WORDS: &[&str] = &[
    "参加", "出席", "举行", "召开", "举办", "发来", "发出", "表示", "通过", "签署", "达成", "进行", "开展", "提出",
    "派出", "访问", "共同", "参与", "来自", "前来", "前往", "分别", "纷纷", "一道", "一起", "先后", "相继", "同时",
    "已经", "积极", "踊跃", "发表", "致电", "致函", "建立", "保持", "开设", "同意", "支持", "签订", "实现", "获得",
    "受到", "赴华", "来华", "访华", "出访", "包括", "涵盖", "覆盖", "遍布", "超过", "达到", "成为", "联名", "加入",
    "左右", "以上", "之多", "代表团", "齐聚", "聚首", "出版", "发行", "翻译", "抵达", "到达", "增长", "下降", "提高",
    "减少", "增加", "考入", "考取", "入选", "驶出", "驶入", "运往",
    "参展", "参会", "参赛", "参观", "参演", "发展到", "发展为", "发展成", "致信", "提供", "组成", "构成", "入驻", "落户", "进驻", "共计", "共有",
];

/// Words joining coordinated counted nouns (国家和地区).
pub(super) const JOINERS: &[&str] = &["以及", "和", "与", "及"];

/// One conjunct of a counted noun is at most this long; a longer run of Han
/// characters has no boundary we can see, and is cut at a noun-final
/// character or, with none, after the first two (the commonest noun length).
pub(super) const NOUN_MAX: usize = 10;

/// Characters that end many nouns of counted things (学生, 国家, 政党, 组织).
pub(super) fn noun_final(c: char) -> bool {
    matches!(
        c,
        '人' | '生' | '者' | '员' | '家' | '国' | '区' | '党' | '师' | '队' | '团' | '校' | '院' | '市' | '省'
            | '县' | '村' | '品' | '物' | '车' | '船' | '树' | '士' | '室' | '客' | '商' | '城' | '馆' | '店' | '厂' | '站'
            | '港' | '岛' | '局' | '部' | '织' | '构' | '目' | '案' | '章' | '书' | '课'
    )
}

