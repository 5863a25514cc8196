//! Generates `samples/`: invented but realistic submissions of the schools
//! of 澴阳县 (a fictional county in Hubei), one folder per school, each
//! shaped for `checklists/start-of-term.yaml`. Deterministic: a seeded
//! splitmix64 generator and the fixed-byte writers of `ducha::synth`, so a
//! rerun rewrites identical bytes. Run: `cargo run --example make_samples`.
//!
//! Every school starts from a complete, clean submission built from its
//! profile (`Spec`); its `flaws` function then breaks exactly what the
//! sample is meant to demonstrate and sets the inspectors' scores.
//! Finally every folder is checked with the library and `samples/README.md`
//! is written from the results.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use ducha::synth::write::{self, Encoding, Out, SheetOut};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/// splitmix64: small, seedable, good enough for invented names.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1).max(1) as u64) as i64
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---------------------------------------------------------------------------
// Names, places, words
// ---------------------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "徐", "胡", "朱", "高", "何", "郭", "罗",
    "宋", "郑", "谢", "汪", "熊", "程", "曹", "袁", "邓", "许", "彭", "吕", "余", "潘", "杜", "夏",
    "钟", "田", "姜", "方", "石", "姚", "谭", "廖", "邹", "万", "金", "陆", "江", "龚", "雷", "易",
    "喻", "黎", "付", "阮", "涂", "肖", "魏", "蔡", "丁", "叶", "严", "柯", "左", "聂",
];
const BOY: &[&str] = &[
    "浩", "宇", "轩", "子", "梓", "俊", "博", "文", "明", "杰", "涛", "鹏", "一", "辰", "睿", "泽",
    "昊", "航", "晨", "家", "嘉", "宏", "志", "天", "皓", "铭", "逸", "然", "凯", "豪", "锦", "乐",
    "思", "诚", "书", "宸", "煜", "阳", "恒", "奕", "朗", "沐",
];
const GIRL: &[&str] = &[
    "欣", "怡", "梓", "涵", "雨", "萱", "可", "馨", "诗", "琪", "佳", "悦", "晨", "思", "雅", "若",
    "紫", "婷", "静", "雪", "梦", "语", "彤", "妍", "琳", "瑶", "蕊", "璐", "月", "心", "安", "洁",
    "慧", "颖", "芷", "嘉", "一", "子", "晴", "菲", "依", "诺",
];
const BOY_ONE: &[&str] = &[
    "浩", "杰", "涛", "鹏", "磊", "昊", "航", "睿", "凯", "峰", "豪", "阳", "博", "轩",
];
const GIRL_ONE: &[&str] = &[
    "欣", "涵", "萱", "琪", "悦", "婷", "静", "雪", "彤", "妍", "琳", "瑶", "蕊", "晴", "菲",
];
const MAN: &[&str] = &[
    "建国", "建华", "志强", "国平", "卫东", "海波", "立新", "永刚", "军", "勇", "斌", "德明",
    "春生", "伟", "明亮", "文斌", "光辉", "红兵", "庆华", "胜利", "松林", "国庆", "俊杰", "金山",
    "学军", "长江", "小平", "新华", "家宝", "爱民", "正雄", "振华", "先锋",
];
const WOMAN: &[&str] = &[
    "红梅", "丽", "芳", "敏", "静", "秀英", "桂英", "玲", "霞", "燕", "娟", "艳", "琴", "兰", "萍",
    "凤", "慧", "娜", "莉", "春华", "小红", "晓燕", "雪梅", "淑珍", "冬梅", "海燕", "亚琴", "金凤",
    "秀兰", "美华", "巧云", "翠萍", "丽娟", "爱华",
];
const PERSONALITY: &[&str] = &[
    "开朗活泼",
    "内向腼腆",
    "文静懂事",
    "好动,注意力不集中",
    "自尊心强",
    "倔强,不爱说话",
    "乐于助人",
    "胆小敏感",
    "独立,自理能力强",
    "性格温和",
    "爱表现,积极",
    "敏感,想念父母",
    "懂事,会照顾弟妹",
];
const INTERESTS: &[&str] = &[
    "画画",
    "打篮球",
    "阅读",
    "唱歌",
    "跳绳",
    "下象棋",
    "踢足球",
    "手工",
    "乒乓球",
    "书法",
    "跑步",
    "看科普书",
    "讲故事",
    "舞蹈",
];
const KG_HEALTH: &[&str] = &[
    "健康",
    "健康",
    "健康",
    "健康",
    "健康",
    "湿疹",
    "对鸡蛋过敏",
    "体质较弱,易感冒",
    "过敏性鼻炎",
];
const KG_INTERESTS: &[&str] = &[
    "搭积木",
    "画画",
    "唱儿歌",
    "玩沙",
    "听故事",
    "跳舞",
    "拼图",
    "捏橡皮泥",
];
const HEALTH: &[&str] = &[
    "健康",
    "健康",
    "健康",
    "健康",
    "健康",
    "健康",
    "轻度近视",
    "过敏性鼻炎",
    "哮喘病史,已控制",
    "2025年右臂骨折,已痊愈",
    "体质较弱,易感冒",
    "龋齿,已治疗",
    "对青霉素过敏",
];
const WORKPLACES: &[&str] = &[
    "广东省东莞市长安镇",
    "广东省深圳市宝安区",
    "浙江省义乌市",
    "江苏省苏州市昆山市",
    "武汉市东西湖区",
    "上海市松江区",
    "福建省晋江市",
    "浙江省宁波市慈溪市",
    "广东省佛山市顺德区",
    "武汉市江夏区",
    "湖南省长沙市",
    "北京市大兴区",
    "天津市滨海新区",
];
const PHONE_PREFIX: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "166", "177", "180", "182", "183", "186", "187", "189", "191", "199",
];
const NUMERALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

const ROSTER_HEADERS: [&str; 17] = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "班级",
    "性格特点",
    "兴趣爱好",
    "健康状况/病史",
    "父亲务工地",
    "母亲务工地",
    "父母联系电话",
    "监护人姓名",
    "与儿童关系",
    "监护人住址",
    "监护人电话",
    "帮扶教师",
    "更新日期",
];

/// A fresh name that is no part of, and contains no, name used before
/// in the school (names are matched by containment in file names).
struct Names {
    used: Vec<String>,
}

impl Names {
    fn take(&mut self, rng: &mut Rng, make: impl Fn(&mut Rng) -> String) -> String {
        loop {
            let n = make(rng);
            if !n.is_empty()
                && !self
                    .used
                    .iter()
                    .any(|u| u.contains(&n) || n.contains(u.as_str()))
            {
                self.used.push(n.clone());
                return n;
            }
        }
    }
    fn child(&mut self, rng: &mut Rng, surname: Option<&str>, girl: bool) -> String {
        self.take(rng, |r| {
            let s = surname
                .map(str::to_string)
                .unwrap_or_else(|| r.pick(SURNAMES).to_string());
            let given = match (girl, r.chance(22)) {
                (false, true) => r.pick(BOY_ONE).to_string(),
                (true, true) => r.pick(GIRL_ONE).to_string(),
                (false, false) => format!("{}{}", r.pick(BOY), r.pick(BOY)),
                (true, false) => format!("{}{}", r.pick(GIRL), r.pick(GIRL)),
            };
            // Doubled characters (博博) only in girls' names (婷婷 is common).
            // 子 and 一 open a given name (子轩, 一鸣) but do not close one.
            let chars: Vec<char> = given.chars().collect();
            let doubled = chars.len() == 2 && chars[0] == chars[1];
            if (doubled && !girl) || (chars.len() == 2 && matches!(chars[1], '子' | '一')) {
                return String::new();
            }
            format!("{s}{given}")
        })
    }
    fn adult(&mut self, rng: &mut Rng, surname: Option<&str>, woman: bool) -> String {
        self.take(rng, |r| {
            let s = surname
                .map(str::to_string)
                .unwrap_or_else(|| r.pick(SURNAMES).to_string());
            format!("{s}{}", if woman { r.pick(WOMAN) } else { r.pick(MAN) })
        })
    }
}

fn phone(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(PHONE_PREFIX), rng.next() % 100_000_000)
}

fn day(m: u32, d: u32) -> NaiveDate {
    ymd(2026, m, d)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).expect("valid time")
}

fn is_school_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// School days from the term start up to the day before `until`.
fn school_days(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d < until)
        .filter(|d| is_school_day(*d))
        .collect()
}

fn t(s: impl Into<String>) -> Out {
    Out::Text(s.into())
}

fn n(x: impl Into<f64>) -> Out {
    Out::Number(x.into())
}

// ---------------------------------------------------------------------------
// The schools
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Kindergarten,
    Primary,
    Junior,
    NineYear,
    Senior,
    Vocational,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Kindergarten => "kindergarten",
            Kind::Primary => "primary",
            Kind::Junior => "junior",
            Kind::NineYear => "nine_year",
            Kind::Senior => "senior",
            Kind::Vocational => "vocational",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Kind::Kindergarten => "幼儿园",
            Kind::Primary => "小学",
            Kind::Junior => "初中",
            Kind::NineYear => "九年一贯制学校",
            Kind::Senior => "普通高中",
            Kind::Vocational => "中等职业学校",
        }
    }
    /// Grades taught: kindergarten classes are -2 (小班) to 0 (大班).
    fn grades(self) -> std::ops::RangeInclusive<i32> {
        match self {
            Kind::Kindergarten => -2..=0,
            Kind::Primary => 1..=6,
            Kind::Junior => 7..=9,
            Kind::NineYear => 1..=9,
            Kind::Senior | Kind::Vocational => 10..=12,
        }
    }
    fn compulsory(self) -> bool {
        matches!(self, Kind::Primary | Kind::Junior | Kind::NineYear)
    }
    fn head(self) -> &'static str {
        if self == Kind::Kindergarten {
            "园长"
        } else {
            "校长"
        }
    }
}

/// A school's profile: everything the clean submission is built from.
struct Spec {
    folder: &'static str,
    name: &'static str,
    code: &'static str,
    kind: Kind,
    township: &'static str,
    villages: &'static [&'static str],
    principal: &'static str,
    phone: &'static str,
    classes_per_grade: usize,
    class_size: (i64, i64),
    teachers: usize,
    left_behind: usize,
    /// One child learning in a regular class and one taught at home.
    special_ed: bool,
    migrants: usize,
    canteen: bool,
    buses: usize,
    boarding: bool,
    /// The inspection (or self-audit) date.
    date: NaiveDate,
    inspected: bool,
    licence_expires: NaiveDate,
    seed: u64,
    /// What the sample demonstrates (for the README).
    demonstrates: &'static str,
    /// The items `flaws` makes lose points, with the score each should
    /// get; the README lists every verdict that differs from this design.
    issues: &'static [(&'static str, f64)],
    flaws: fn(&mut Sub),
}

const COUNTY: &str = "澴阳县";
const TERM_START: (u32, u32) = (9, 1);

fn specs() -> Vec<Spec> {
    vec![
        Spec {
            folder: "01-河口镇中心小学",
            name: "澴阳县河口镇中心小学",
            code: "2142003101",
            kind: Kind::Primary,
            township: "河口镇",
            villages: &["河口村", "新堤村", "马家湾村", "杨林村", "黄土岗村"],
            principal: "汪建华",
            phone: "0712-4861203",
            classes_per_grade: 3,
            class_size: (40, 46),
            teachers: 58,
            left_behind: 36,
            special_ed: true,
            migrants: 3,
            canteen: true,
            buses: 2,
            boarding: true,
            date: day(9, 15),
            inspected: true,
            licence_expires: ymd(2029, 5, 19),
            seed: 0x0101,
            demonstrates: "规范的镇中心小学:食堂、校车、寄宿、随班就读和送教上门、随迁子女都齐全,材料完整,仅现场一处小问题(厕所卫生扣 0.5 分)",
            issues: &[("safety.environment", 1.5)],
            flaws: flaws_01,
        },
        Spec {
            folder: "02-城关第二初级中学",
            name: "澴阳县城关第二初级中学",
            code: "2142001202",
            kind: Kind::Junior,
            township: "城关镇",
            villages: &["城南社区", "东门社区", "槐树村", "八一村", "郑家河村"],
            principal: "陈国平",
            phone: "0712-4223518",
            classes_per_grade: 4,
            class_size: (48, 52),
            teachers: 72,
            left_behind: 24,
            special_ed: false,
            migrants: 2,
            canteen: true,
            buses: 0,
            boarding: false,
            date: day(9, 17),
            inspected: true,
            licence_expires: ymd(2028, 11, 30),
            seed: 0x0202,
            demonstrates: "零散问题的初中:花名册两人缺项、一人未家访、一人疑似辍学、缺书 6 册、一具灭火器过期、演练超时、一份留样不足 125 克、陪餐缺一天、备课现场扣分",
            issues: &[("care.roster", 4.0), ("care.home_visits", 3.0), ("enrollment.students", 4.0), ("enrollment.textbooks", 2.0), ("enrollment.lesson_prep", 2.0), ("safety.drills", 2.0), ("safety.fire_equipment", 2.0), ("food.samples", 1.0), ("food.accompany", 0.0)],
            flaws: flaws_02,
        },
        Spec {
            folder: "03-桂花乡九年一贯制学校",
            name: "澴阳县桂花乡九年一贯制学校",
            code: "2142007303",
            kind: Kind::NineYear,
            township: "桂花乡",
            villages: &["桂花村", "石桥村", "周家畈村", "龙井村", "三合村"],
            principal: "彭德明",
            phone: "0712-4637102",
            classes_per_grade: 1,
            class_size: (34, 42),
            teachers: 41,
            left_behind: 28,
            special_ed: true,
            migrants: 0,
            canteen: true,
            buses: 2,
            boarding: true,
            date: day(9, 22),
            inspected: true,
            licence_expires: ymd(2027, 8, 14),
            seed: 0x0303,
            demonstrates: "一票否决:一名校车驾驶人已满 61 周岁(《校车安全管理条例》第二十三条),其余材料基本规范(一名教师经批准休产假),得分虽高,等级为不合格",
            issues: &[("care.home", 2.0), ("bus.drivers", 0.0)],
            flaws: flaws_03,
        },
        Spec {
            folder: "04-城关镇中心幼儿园",
            name: "澴阳县城关镇中心幼儿园",
            code: "2142001504",
            kind: Kind::Kindergarten,
            township: "城关镇",
            villages: &["城南社区", "东门社区", "西湖社区", "槐树村", "八一村"],
            principal: "刘红梅",
            phone: "0712-4225067",
            classes_per_grade: 2,
            class_size: (28, 35),
            teachers: 34,
            left_behind: 9,
            special_ed: false,
            migrants: 2,
            canteen: true,
            buses: 0,
            boarding: false,
            date: day(9, 16),
            inspected: true,
            licence_expires: ymd(2029, 3, 2),
            seed: 0x0404,
            demonstrates: "幼儿园:最近一次疏散演练在 90 天前(幼儿园按每季度一次、92 天计,合格;中小学 31 天则不合格);课程设置、教材、收费项目合规不适用;问题整改台账的事项都在期限内",
            issues: &[],
            flaws: flaws_04,
        },
        Spec {
            folder: "05-澴阳县职业技术学校",
            name: "澴阳县职业技术学校",
            code: "2142000905",
            kind: Kind::Vocational,
            township: "城关镇",
            villages: &["河口镇新堤村", "桂花乡石桥村", "柳林乡白果村", "白沙镇汪家湾村", "石岭镇大堰村"],
            principal: "熊志强",
            phone: "0712-4230981",
            classes_per_grade: 3,
            class_size: (42, 48),
            teachers: 96,
            left_behind: 4,
            special_ed: false,
            migrants: 0,
            canteen: true,
            buses: 0,
            boarding: true,
            date: day(9, 24),
            inspected: true,
            licence_expires: ymd(2028, 6, 30),
            seed: 0x0505,
            demonstrates: "中等职业学校:结果交职成教育科;课程设置和义务教育收费禁令不适用(学费、住宿费可收);管理较弱:教师事假未审批、隐患和整改事项逾期、灭火器超期未检、留样不足 48 小时、进货缺票证、缺专业教材,现场多项扣分",
            issues: &[("care.roster", 5.0), ("care.home", 2.0), ("enrollment.teachers", 0.0), ("enrollment.textbooks", 2.0), ("enrollment.lesson_prep", 2.0), ("safety.hazards", 3.0), ("safety.fire_equipment", 1.0), ("safety.facilities", 2.0), ("safety.environment", 1.0), ("safety.rectification", 1.0), ("food.samples", 1.0), ("food.procurement", 0.0)],
            flaws: flaws_05,
        },
        Spec {
            folder: "06-柳林乡白果村小学",
            name: "澴阳县柳林乡白果村小学",
            code: "2142008606",
            kind: Kind::Primary,
            township: "柳林乡",
            villages: &["白果村", "白果村", "白果村", "陈家岗村", "胡家湾村"],
            principal: "胡先锋",
            phone: "0712-4790315",
            classes_per_grade: 1,
            class_size: (24, 32),
            teachers: 14,
            left_behind: 46,
            special_ed: false,
            migrants: 0,
            canteen: true,
            buses: 0,
            boarding: false,
            date: day(9, 11),
            inspected: false,
            licence_expires: ymd(2028, 4, 9),
            seed: 0x0606,
            demonstrates: "村小自查(无 inspection.yaml,日期取 school.yaml 的 self_audit_date):46 名留守儿童,花名册“五个清楚”有缺项且少登记一人,6 人未家访、4 人近一月无亲情联系、3 人无责任书扫描件、3 人无成长档案,一名教师结对 7 人;现场项目待检查",
            issues: &[("care.roster", 0.0), ("care.home_visits", 0.0), ("care.agreements", 0.0), ("care.pairing", 0.0), ("care.contact", 0.0)],
            flaws: flaws_06,
        },
        Spec {
            folder: "07-澴阳县第一高级中学",
            name: "澴阳县第一高级中学",
            code: "2142000107",
            kind: Kind::Senior,
            township: "城关镇",
            villages: &["城关镇东门社区", "河口镇河口村", "白沙镇白沙村", "桂花乡桂花村", "石岭镇石岭村"],
            principal: "龚正雄",
            phone: "0712-4221130",
            classes_per_grade: 4,
            class_size: (50, 55),
            teachers: 118,
            left_behind: 6,
            special_ed: false,
            migrants: 0,
            canteen: true,
            buses: 0,
            boarding: true,
            date: day(9, 23),
            inspected: true,
            licence_expires: ymd(2029, 9, 1),
            seed: 0x0707,
            demonstrates: "普通高中:课程设置和义务教育收费禁令不适用(学费可收);留守儿童只统计未满 16 周岁的高一学生;材料齐全,自评分与检查组评分对照",
            issues: &[],
            flaws: flaws_07,
        },
    ]
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// How dates are typed in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    /// Real Excel dates (ISO text in CSV).
    Excel,
    Iso,
    /// 2026-9-1
    Dash,
    /// 2026/09/01
    Slash,
    /// 2026年9月1日
    Chinese,
    /// 2026.9.1
    Dot,
}

const DATE_STYLES: [Dates; 6] = [
    Dates::Excel,
    Dates::Dash,
    Dates::Slash,
    Dates::Chinese,
    Dates::Dot,
    Dates::Iso,
];

fn date_text(d: NaiveDate, s: Dates) -> String {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    match s {
        Dates::Excel | Dates::Iso => format!("{y}-{m:02}-{dd:02}"),
        Dates::Dash => format!("{y}-{m}-{dd}"),
        Dates::Slash => format!("{y}/{m:02}/{dd:02}"),
        Dates::Chinese => format!("{y}年{m}月{dd}日"),
        Dates::Dot => format!("{y}.{m}.{dd}"),
    }
}

/// How a table is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fmt {
    /// A workbook; `true`: with a title row (and a note row) above the header.
    Xlsx(bool),
    Csv(Encoding),
}

/// A table of the submission, kept editable until it is written.
struct Table {
    path: String,
    title: String,
    note: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<Out>>,
    fmt: Fmt,
    dates: Dates,
}

impl Table {
    fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("{}: no column {header}", self.path))
    }
    /// Rows whose `col` reads `key`.
    fn find(&self, col: &str, key: &str) -> Vec<usize> {
        let c = self.col(col);
        (0..self.rows.len())
            .filter(|&i| self.rows[i][c].to_text() == key)
            .collect()
    }
    /// Sets `col` in every row whose `key_col` reads `key`.
    fn set(&mut self, key_col: &str, key: &str, col: &str, v: Out) {
        let c = self.col(col);
        let rows = self.find(key_col, key);
        assert!(
            !rows.is_empty(),
            "{}: no row with {key_col} = {key}",
            self.path
        );
        for i in rows {
            self.rows[i][c] = v.clone();
        }
    }
    fn set_at(&mut self, row: usize, col: &str, v: Out) {
        let c = self.col(col);
        self.rows[row][c] = v;
    }
    fn remove(&mut self, col: &str, key: &str) {
        let c = self.col(col);
        self.rows.retain(|r| r[c].to_text() != key);
    }
    fn cell(&self, row: usize, col: &str) -> String {
        self.rows[row][self.col(col)].to_text()
    }

    fn styled(&self, v: &Out) -> Out {
        let excel = self.dates == Dates::Excel && matches!(self.fmt, Fmt::Xlsx(_));
        match v {
            Out::Date(d) if !excel => Out::Text(date_text(*d, self.dates)),
            Out::DateTime(x) if !excel => Out::Text(format!(
                "{} {}",
                date_text(x.date(), self.dates),
                x.format("%H:%M")
            )),
            v => v.clone(),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let rows: Vec<Vec<Out>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|v| self.styled(v)).collect())
            .collect();
        match self.fmt {
            Fmt::Csv(enc) => write::csv(&self.headers, &rows, enc),
            Fmt::Xlsx(titled) => {
                let name = self
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or("Sheet1")
                    .trim_end_matches(".xlsx")
                    .chars()
                    .take(31)
                    .collect();
                let sheet = SheetOut {
                    name,
                    title: titled.then(|| self.title.clone()),
                    note: if titled { self.note.clone() } else { None },
                    headers: self.headers.clone(),
                    rows,
                    widths: Vec::new(),
                };
                write::xlsx(&[sheet]).expect("workbook")
            }
        }
    }
}

// ---------------------------------------------------------------------------
// A submission being built
// ---------------------------------------------------------------------------

struct Class {
    name: String,
    grade: i32,
    size: i64,
    teacher: String,
}

struct Staff {
    name: String,
    post: String,
}

struct Kid {
    name: String,
    girl: bool,
    birth: NaiveDate,
    class: String,
    guardian: String,
    relation: &'static str,
    guardian_phone: String,
    parent_phone: String,
    address: String,
    mentor: String,
    updated: NaiveDate,
}

/// One on-site score of the inspection sheet.
struct Onsite {
    item: &'static str,
    score: f64,
    finding: String,
    photos: Vec<String>,
}

struct Sub {
    spec: &'static Spec,
    rng: Rng,
    names: Names,
    date: NaiveDate,
    term_start: NaiveDate,
    classes: Vec<Class>,
    staff: Vec<Staff>,
    kids: Vec<Kid>,
    tables: BTreeMap<&'static str, Table>,
    files: BTreeMap<String, Vec<u8>>,
    onsite: Vec<Onsite>,
    self_scores: Vec<(&'static str, f64)>,
    team: Vec<(&'static str, &'static str)>,
    styles_used: usize,
}

impl Sub {
    fn new(spec: &'static Spec) -> Sub {
        let mut sub = Sub {
            spec,
            rng: Rng(spec.seed.wrapping_mul(0x2545_F491_4F6C_DD1D)),
            names: Names {
                used: vec![spec.principal.to_string()],
            },
            date: spec.date,
            term_start: day(TERM_START.0, TERM_START.1),
            classes: Vec::new(),
            staff: Vec::new(),
            kids: Vec::new(),
            tables: BTreeMap::new(),
            files: BTreeMap::new(),
            onsite: Vec::new(),
            self_scores: Vec::new(),
            team: Vec::new(),
            styles_used: spec.seed as usize,
        };
        sub.make_staff();
        sub.make_classes();
        sub.make_kids();
        sub
    }

    fn t(&mut self, key: &str) -> &mut Table {
        self.tables
            .get_mut(key)
            .unwrap_or_else(|| panic!("no table {key}"))
    }

    /// Adds a table; dates rotate through the typed forms school by school.
    fn table(&mut self, key: &'static str, path: &str, title: &str, headers: &[&str], fmt: Fmt) {
        let dates = DATE_STYLES[self.styles_used % DATE_STYLES.len()];
        self.styles_used += 1;
        let table = Table {
            path: path.to_string(),
            title: format!("{}{title}", self.spec.name),
            note: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            fmt,
            dates,
        };
        self.tables.insert(key, table);
    }

    fn file(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    fn photo(&mut self, path: &str) {
        let seed = self.rng.next();
        self.file(path, write::jpg(64, 48, seed));
    }

    fn score(&mut self, item: &'static str, score: f64, finding: &str, photos: &[&str]) {
        self.onsite.retain(|o| o.item != item);
        self.onsite.push(Onsite {
            item,
            score,
            finding: finding.to_string(),
            photos: photos.iter().map(|p| p.to_string()).collect(),
        });
    }
}

fn class_name(kind: Kind, grade: i32, k: usize) -> String {
    match kind {
        Kind::Kindergarten => format!(
            "{}{}班",
            ["小", "中", "大"][(grade + 2) as usize],
            NUMERALS[k]
        ),
        Kind::Senior => format!("高{}({})班", NUMERALS[(grade - 10) as usize], k + 1),
        Kind::Vocational => {
            let majors = ["机电技术应用", "汽车运用与维修", "电子商务"];
            format!("{}级{}{}班", 2026 - (grade - 10), majors[k % 3], k / 3 + 1)
        }
        _ => format!("{}({})班", NUMERALS[(grade - 1) as usize], k + 1),
    }
}

/// Birth dates of a grade: the school year that starts on 1 September.
fn birth_range(grade: i32) -> (NaiveDate, NaiveDate) {
    (ymd(2020 - grade, 9, 1), ymd(2021 - grade, 8, 31))
}

impl Sub {
    fn make_staff(&mut self) {
        let kind = self.spec.kind;
        let posts = posts(kind);
        let lead = leaders(kind);
        self.staff.push(Staff {
            name: self.spec.principal.to_string(),
            post: kind.head().to_string(),
        });
        for i in 1..self.spec.teachers {
            let post = if i < lead.len() + 1 {
                lead[i - 1].to_string()
            } else {
                posts[i % posts.len()].to_string()
            };
            let woman = self
                .rng
                .chance(if kind == Kind::Kindergarten { 92 } else { 58 });
            let name = self.names.adult(&mut self.rng, None, woman);
            self.staff.push(Staff { name, post });
        }
    }

    fn make_classes(&mut self) {
        let kind = self.spec.kind;
        let mut teacher = 1 + leaders(kind).len();
        for g in kind.grades() {
            for k in 0..self.spec.classes_per_grade {
                let size = self
                    .rng
                    .range(self.spec.class_size.0, self.spec.class_size.1);
                let t = self.staff[teacher % self.staff.len()].name.clone();
                teacher += 1;
                self.classes.push(Class {
                    name: class_name(kind, g, k),
                    grade: g,
                    size,
                    teacher: t,
                });
            }
        }
    }

    /// Left-behind children spread over the classes; each paired with
    /// the class teacher, or another teacher when that one has four.
    fn make_kids(&mut self) {
        let mentors: Vec<String> = self.staff.iter().skip(1).map(|s| s.name.clone()).collect();
        let mut load: BTreeMap<String, usize> = BTreeMap::new();
        // Only first-year pupils of a high school are under 16.
        let pool: Vec<usize> = (0..self.classes.len())
            .filter(|&i| self.classes[i].grade <= 10)
            .collect();
        for i in 0..self.spec.left_behind {
            let class = &self.classes[pool[(i * 7 + self.rng.below(3)) % pool.len()]];
            let (class_name, grade, class_teacher) =
                (class.name.clone(), class.grade, class.teacher.clone());
            let mentor = if load.get(&class_teacher).copied().unwrap_or(0) < 4 {
                class_teacher
            } else {
                mentors
                    .iter()
                    .find(|m| load.get(*m).copied().unwrap_or(0) < 4)
                    .cloned()
                    .unwrap_or(class_teacher)
            };
            *load.entry(mentor.clone()).or_default() += 1;
            let kid = self.make_kid(class_name, grade, mentor);
            self.kids.push(kid);
        }
    }

    fn make_kid(&mut self, class: String, grade: i32, mentor: String) -> Kid {
        let r = &mut self.rng;
        let girl = r.chance(47);
        let surname = *r.pick(SURNAMES);
        let name = self.names.child(r, Some(surname), girl);
        let (lo, hi) = birth_range(grade);
        // Left-behind children are under 16 on the inspection date.
        let sixteen = self
            .spec
            .date
            .with_year(self.spec.date.year() - 16)
            .expect("date");
        let lo = lo.max(sixteen + Duration::days(20));
        let birth = lo + Duration::days(r.range(0, (hi - lo).num_days().max(0)));
        let relation = *r.pick(&["祖父", "祖母", "祖母", "外祖母", "外祖父", "伯父", "姑妈"]);
        let same = matches!(relation, "祖父" | "伯父" | "姑妈");
        let woman = matches!(relation, "祖母" | "外祖母" | "姑妈");
        let guardian = self
            .names
            .adult(r, if same { Some(surname) } else { None }, woman);
        let village = r.pick(self.spec.villages).to_string();
        let address = if village.contains('镇') || village.contains('乡') {
            format!("{COUNTY}{village}{}组", NUMERALS[r.below(8)])
        } else {
            format!(
                "{COUNTY}{}{village}{}组",
                self.spec.township,
                NUMERALS[r.below(8)]
            )
        };
        let parent_phone = if r.chance(40) {
            format!("{}、{}", phone(r), phone(r))
        } else {
            phone(r)
        };
        let updated = day(9, 2 + r.range(0, 3) as u32);
        Kid {
            name,
            girl,
            birth,
            class,
            guardian,
            relation,
            guardian_phone: phone(r),
            parent_phone,
            address,
            mentor,
            updated,
        }
    }
}

fn leaders(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Kindergarten => &["副园长", "保教主任", "保健医生"],
        Kind::Vocational => &[
            "副校长",
            "副校长",
            "教务科科长",
            "学生科科长",
            "实训处主任",
            "招生就业处主任",
        ],
        Kind::Primary => &["副校长", "教务主任", "德育主任", "总务主任", "少先队辅导员"],
        _ => &[
            "副校长",
            "副校长",
            "教务处主任",
            "政教处主任",
            "总务处主任",
            "团委书记",
        ],
    }
}

fn posts(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Kindergarten => &[
            "幼儿教师",
            "幼儿教师",
            "幼儿教师",
            "保育员",
            "保育员",
            "幼儿教师(兼班长)",
        ],
        Kind::Primary => &[
            "语文教师(班主任)",
            "数学教师",
            "英语教师",
            "科学教师",
            "语文教师",
            "数学教师(班主任)",
            "音乐教师",
            "美术教师",
            "体育教师",
            "道德与法治教师",
            "信息科技教师",
        ],
        Kind::Junior => &[
            "语文教师(班主任)",
            "数学教师",
            "英语教师",
            "物理教师",
            "化学教师",
            "生物学教师",
            "历史教师",
            "地理教师",
            "道德与法治教师",
            "体育教师",
            "音乐教师",
            "美术教师",
            "信息科技教师",
            "心理健康教师",
            "数学教师(班主任)",
        ],
        Kind::NineYear => &[
            "语文教师(班主任)",
            "数学教师",
            "英语教师",
            "科学教师",
            "物理教师",
            "化学教师",
            "生物学教师",
            "历史教师",
            "地理教师",
            "道德与法治教师",
            "体育教师",
            "音乐教师",
            "美术教师",
            "信息科技教师",
        ],
        Kind::Senior => &[
            "语文教师(班主任)",
            "数学教师",
            "英语教师",
            "物理教师",
            "化学教师",
            "生物学教师",
            "思想政治教师",
            "历史教师",
            "地理教师",
            "体育与健康教师",
            "信息技术教师",
            "通用技术教师",
            "艺术教师",
            "数学教师(班主任)",
        ],
        Kind::Vocational => &[
            "语文教师(班主任)",
            "数学教师",
            "英语教师",
            "思想政治教师",
            "体育教师",
            "机电专业教师",
            "汽修专业教师",
            "电子商务专业教师",
            "计算机教师",
            "实习指导教师",
            "机电专业教师(班主任)",
        ],
    }
}

// ---------------------------------------------------------------------------
// 关爱 (care)
// ---------------------------------------------------------------------------

impl Sub {
    fn care(&mut self) {
        self.care_docs();
        if self.kids.is_empty() {
            return;
        }
        self.roster();
        self.home_visits();
        self.agreements();
        self.contacts();
        self.trainings();
        self.growth_files();
    }

    fn care_docs(&mut self) {
        let s = self.spec;
        let plan = work_plan(s);
        self.file(
            "关爱/2026年秋季学期学校工作计划.docx",
            write::docx(&format!("{}2026年秋季学期工作计划", s.name), &plan).expect("docx"),
        );
        let care = care_plan(s);
        self.file(
            "关爱/2026年留守儿童关爱工作方案.docx",
            write::docx(&format!("{}2026年留守儿童关爱工作实施方案", s.name), &care).expect("docx"),
        );
    }

    fn roster(&mut self) {
        let title = "留守儿童花名册(2026年秋季学期)";
        self.table(
            "roster",
            "关爱/留守儿童花名册.xlsx",
            title,
            &ROSTER_HEADERS,
            Fmt::Xlsx(true),
        );
        let note = "填表说明:每名留守儿童一行,做到“五个清楚”;电话填手机号或带区号的座机;每学期开学核实更新。";
        self.t("roster").note = Some(note.into());
        let rows = (0..self.kids.len()).map(|i| self.roster_row(i)).collect();
        self.t("roster").rows = rows;
    }

    /// A child's row: the "five clear" facts, in `ROSTER_HEADERS` order.
    fn roster_row(&mut self, i: usize) -> Vec<Out> {
        let (k, r) = (&self.kids[i], &mut self.rng);
        let kg = self.spec.kind == Kind::Kindergarten;
        let (interest, health) = if kg {
            (r.pick(KG_INTERESTS), r.pick(KG_HEALTH))
        } else {
            (r.pick(INTERESTS), r.pick(HEALTH))
        };
        let father = r.pick(WORKPLACES).to_string();
        let mother = if r.chance(70) {
            r.pick(WORKPLACES).to_string()
        } else {
            "同父亲".into()
        };
        let personality = *r.pick(PERSONALITY);
        let basic = [
            t(&k.name),
            t(if k.girl { "女" } else { "男" }),
            Out::Date(k.birth),
            t(&k.class),
        ];
        let traits = [t(personality), t(*interest), t(*health)];
        let parents = [t(father), t(mother), t(&k.parent_phone)];
        let guardian = [
            t(&k.guardian),
            t(k.relation),
            t(&k.address),
            t(&k.guardian_phone),
        ];
        let tail = [t(&k.mentor), Out::Date(k.updated)];
        let number = std::iter::once(n(i as f64 + 1.0));
        number
            .chain(basic)
            .chain(traits)
            .chain(parents)
            .chain(guardian)
            .chain(tail)
            .collect()
    }

    fn home_visits(&mut self) {
        let headers = [
            "学生姓名",
            "班级",
            "家访日期",
            "家访教师",
            "见面人",
            "情况记录",
        ];
        self.table(
            "home_visits",
            "关爱/留守儿童家访记录.csv",
            "留守儿童家访记录",
            &headers,
            Fmt::Csv(Encoding::Gb18030),
        );
        let days = school_days(self.term_start, self.date)
            .into_iter()
            .chain(weekends(self.term_start, self.date))
            .collect::<Vec<_>>();
        let notes = [
            "孩子学习用品齐全,祖辈身体尚可,叮嘱注意防溺水和交通安全",
            "监护人年纪较大,辅导作业有困难,已安排帮扶教师每周辅导两次",
            "孩子想念父母,与在外务工的母亲视频通话,情绪稳定",
            "家中住房安全,饮食正常,向监护人宣传资助政策",
            "孩子暑假作业完成较好,鼓励继续保持阅读习惯",
            "孩子作息规律,监护人配合学校做好假期和上下学安全教育",
        ];
        let mut rows = Vec::new();
        for k in &self.kids {
            let d = *self.rng.pick(&days);
            rows.push(vec![
                t(&k.name),
                t(&k.class),
                Out::Date(d),
                t(&k.mentor),
                t(format!("{}({})", k.guardian, k.relation)),
                t(*self.rng.pick(&notes)),
            ]);
        }
        rows.sort_by_key(|r| r[2].to_text());
        self.t("home_visits").rows = rows;
    }

    fn agreements(&mut self) {
        let headers = [
            "序号",
            "学生姓名",
            "班级",
            "父母姓名",
            "监护人",
            "签订日期",
            "备注",
        ];
        self.table(
            "agreements",
            "关爱/委托监护责任书签订登记.xlsx",
            "委托监护责任书签订登记表",
            &headers,
            Fmt::Xlsx(false),
        );
        let mut rows = Vec::new();
        for (i, k) in self.kids.iter().enumerate() {
            let surname: String = k.name.chars().next().map(String::from).unwrap_or_default();
            let father = format!("{surname}{}", self.rng.pick(MAN));
            let d = day(8, 26) + Duration::days(self.rng.range(0, 10));
            rows.push(vec![
                n(i as f64 + 1.0),
                t(&k.name),
                t(&k.class),
                t(father),
                t(&k.guardian),
                Out::Date(d),
                t("父母在外务工,通过微信视频确认后邮寄签字"),
            ]);
        }
        self.t("agreements").rows = rows;
    }

    fn contacts(&mut self) {
        let headers = ["学生姓名", "联系日期", "联系方式", "联系人", "主要内容"];
        self.table(
            "contacts",
            "关爱/亲情联系记录.csv",
            "亲情联系记录",
            &headers,
            Fmt::Csv(Encoding::Utf8Bom),
        );
        let mut rows = Vec::new();
        for k in &self.kids {
            let span = (self.date - self.term_start).num_days().max(1);
            let d = self.term_start + Duration::days(self.rng.range(0, span - 1));
            let how = *self.rng.pick(&["亲情电话", "微信视频", "亲情电话", "书信"]);
            let who = if self.rng.chance(50) {
                "父亲"
            } else {
                "母亲"
            };
            rows.push(vec![
                t(&k.name),
                Out::Date(d),
                t(how),
                t(who),
                t("汇报开学情况和在校表现"),
            ]);
            let old = day(7, 3) + Duration::days(self.rng.range(0, 20));
            rows.push(vec![
                t(&k.name),
                Out::Date(old),
                t("微信视频"),
                t(who),
                t("暑期安全提醒"),
            ]);
        }
        rows.sort_by_key(|r| r[1].to_text());
        self.t("contacts").rows = rows;
    }

    fn trainings(&mut self) {
        let headers = ["日期", "主题", "主讲人", "参加人数", "地点"];
        self.table(
            "trainings",
            "关爱/家长学校培训记录.xlsx",
            "家长(监护人)培训记录",
            &headers,
            Fmt::Xlsx(true),
        );
        let head = self.spec.principal;
        let kids = self.kids.len() as f64;
        let rows = vec![
            vec![
                Out::Date(day(5, 16)),
                t("隔代教育中的沟通技巧"),
                t(head),
                n((kids * 0.8).round()),
                t("学校多功能室"),
            ],
            vec![
                Out::Date(day(6, 27)),
                t("暑期防溺水安全教育"),
                t(self.staff[1].name.clone()),
                n(kids),
                t("学校操场"),
            ],
            vec![
                Out::Date(day(9, 5)),
                t("新学期留守儿童监护人培训会:监护责任与家庭安全"),
                t(head),
                n((kids * 0.9).round()),
                t("学校多功能室"),
            ],
        ];
        self.t("trainings").rows = rows;
    }

    fn growth_files(&mut self) {
        for k in &self.kids {
            let lines = vec![
                "留守儿童成长档案".to_string(),
                format!("学校:{}", self.spec.name),
                format!(
                    "姓名:{}    性别:{}    班级:{}",
                    k.name,
                    if k.girl { "女" } else { "男" },
                    k.class
                ),
                format!("出生日期:{}", k.birth.format("%Y年%m月%d日")),
                format!("监护人:{}({})", k.guardian, k.relation),
                format!("帮扶教师:{}", k.mentor),
                "2026年秋季学期:开学报到正常,已完成家访,与父母保持每月亲情联系。".to_string(),
            ];
            self.files.insert(
                format!("关爱/成长档案/{}-成长档案.pdf", k.name),
                write::pdf(&lines),
            );
        }
    }
}

fn weekends(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d < until)
        .filter(|d| !is_school_day(*d))
        .collect()
}

fn work_plan(s: &Spec) -> Vec<String> {
    vec![
        "一、指导思想".into(),
        format!("以立德树人为根本任务,落实县教育局2026年秋季开学工作部署,坚持安全第一、质量立校,推动{}各项工作规范有序开展。", s.name),
        "二、工作目标".into(),
        "教师全员到岗、学生按时报到;国家课程开齐开足;校园安全零事故;留守儿童关爱工作纳入学校工作计划,做到底数清、情况明、措施实。".into(),
        "三、主要工作".into(),
        "(一)开学准备:8月下旬完成校舍安全排查、教材征订发放、教师备课和开学第一课准备。".into(),
        "(二)控辍保学:逐班核对学籍和报到情况,对未到校学生逐人落实劝返责任人。".into(),
        "(三)留守儿童关爱:更新留守儿童花名册,落实结对帮扶、家访和每月亲情联系,办好留守儿童之家。".into(),
        "(四)安全稳定:签订安全责任书,每月开展应急疏散演练,落实食品安全和校车安全管理。".into(),
        format!("四、组织保障:成立以{}为组长的开学工作领导小组,分工负责,定期督办。", s.principal),
    ]
}

fn care_plan(s: &Spec) -> Vec<String> {
    vec![
        "一、工作目标".into(),
        format!("2026年,{}全面落实《国务院关于加强农村留守儿童关爱保护工作的意见》,做到“五个清楚”、结对帮扶全覆盖、亲情联系每月不少于一次。", s.name),
        "二、工作措施".into(),
        "1. 摸准信息,建立台账:开学第一周逐人核实留守儿童信息,建立“一人一档”成长档案。".into(),
        "2. 全面家访:开学一个月内帮扶教师对所结对留守儿童家访全覆盖。".into(),
        "3. 结对帮扶:每名教职工结对帮扶不超过5名留守儿童,做到学习上辅导、生活上关心、心理上疏导。".into(),
        "4. 亲情联系:利用留守儿童之家亲情电话和视频设备,每月组织儿童与父母联系。".into(),
        "5. 监护人培训:每学期至少召开一次监护人培训会或家长会,签订委托监护责任书。".into(),
        "三、组织领导".into(),
        format!("成立{s}留守儿童关爱工作领导小组,{}任组长,分管副校长任副组长,各班主任为成员。", s.principal, s = s.name),
        "四、时间安排".into(),
        "2026年9月:信息更新、家访;10月:结对帮扶活动;11月:心理健康讲座;12月:总结评比。".into(),
    ]
}

// ---------------------------------------------------------------------------
// 开学 (enrollment)
// ---------------------------------------------------------------------------

const ABSENCE: &[(&str, &str)] = &[
    ("因病在县人民医院住院治疗", "班主任电话慰问,出院后安排补课"),
    (
        "随父母到广东省东莞市就读,转学手续办理中",
        "已与转入学校联系,督促家长办理学籍转接",
    ),
    (
        "随家长外出探亲未返回",
        "班主任电话联系家长,家长承诺本周内返校",
    ),
    ("骨折在家休养", "班主任上门看望,送去课本和作业"),
];

impl Sub {
    fn enrollment(&mut self) {
        self.teachers_on_duty();
        self.arrivals();
        if self.spec.kind.compulsory() {
            self.timetable();
        }
        if self.spec.kind != Kind::Kindergarten {
            self.textbooks();
        }
        if self.spec.special_ed {
            self.special_ed();
        }
        if self.spec.migrants > 0 {
            self.migrants();
        }
    }

    fn teachers_on_duty(&mut self) {
        let headers = ["序号", "姓名", "岗位", "是否到岗", "未到岗原因", "请假审批"];
        self.table(
            "teachers",
            "开学/教师到岗情况表.xlsx",
            "2026年秋季开学教师到岗情况表",
            &headers,
            Fmt::Xlsx(true),
        );
        let mut rows = Vec::new();
        for (i, s) in self.staff.iter().enumerate() {
            rows.push(vec![
                n(i as f64 + 1.0),
                t(&s.name),
                t(&s.post),
                t("是"),
                Out::Empty,
                Out::Empty,
            ]);
        }
        self.t("teachers").rows = rows;
    }

    fn arrivals(&mut self) {
        let headers = ["班级", "班主任", "上学期人数", "应到", "实到", "备注"];
        self.table(
            "arrivals",
            "开学/学生报到统计表.xlsx",
            "2026年秋季学生报到统计表",
            &headers,
            Fmt::Xlsx(true),
        );
        let first = *self.spec.kind.grades().start();
        let mut rows = Vec::new();
        for c in &self.classes {
            let last = if c.grade == first {
                Out::Empty
            } else {
                n((c.size + self.rng.range(-1, 2)) as f64)
            };
            let note = if c.grade == first { "新生" } else { "" };
            rows.push(vec![
                t(&c.name),
                t(&c.teacher),
                last,
                n(c.size as f64),
                n(c.size as f64),
                t(note),
            ]);
        }
        self.t("arrivals").rows = rows;
        let headers = ["姓名", "班级", "原因", "劝返措施", "责任人", "未到校天数"];
        self.table(
            "absentees",
            "开学/未到校学生名单.xlsx",
            "2026年秋季未到校学生名单",
            &headers,
            Fmt::Xlsx(false),
        );
        let count = (self.classes.iter().map(|c| c.size).sum::<i64>() / 350).max(1) as usize;
        for i in 0..count {
            let ci = (i * 5 + 2) % self.classes.len();
            let (reason, measures) = ABSENCE[i % ABSENCE.len()];
            let days = school_days(self.term_start, self.date).len() as i64 - self.rng.range(0, 2);
            self.add_absentee(ci, reason, measures, days);
        }
    }

    /// A pupil of class `ci` who has not come: the class's 实到 drops by one.
    fn add_absentee(&mut self, ci: usize, reason: &str, measures: &str, days: i64) {
        let girl = self.rng.chance(50);
        let name = self.names.child(&mut self.rng, None, girl);
        let (class, teacher) = (
            self.classes[ci].name.clone(),
            self.classes[ci].teacher.clone(),
        );
        let row = vec![
            t(name),
            t(&class),
            t(reason),
            t(measures),
            t(teacher),
            n(days as f64),
        ];
        self.t("absentees").rows.push(row);
        let arrivals = self.t("arrivals");
        let c = arrivals.col("实到");
        let r = arrivals.find("班级", &class)[0];
        if let Out::Number(x) = arrivals.rows[r][c] {
            arrivals.rows[r][c] = n(x - 1.0);
        }
    }

    fn timetable(&mut self) {
        let headers = ["年级", "课程", "周课时", "备注"];
        self.table(
            "timetable",
            "开学/课程设置表.csv",
            "课程设置表",
            &headers,
            Fmt::Csv(Encoding::Utf8),
        );
        let mut rows = Vec::new();
        for g in self.spec.kind.grades() {
            for (subject, hours) in curriculum(g) {
                let note = if subject.contains("校本") {
                    "经典诵读"
                } else {
                    ""
                };
                rows.push(vec![n(g as f64), t(*subject), n(*hours as f64), t(note)]);
            }
        }
        self.t("timetable").rows = rows;
    }

    fn textbooks(&mut self) {
        let headers = ["年级", "科目", "学生数", "到书数", "发放日期", "经办人"];
        self.table(
            "textbooks",
            "开学/教材发放登记表.xlsx",
            "2026年秋季教材发放登记表",
            &headers,
            Fmt::Xlsx(true),
        );
        let clerk = self.staff[3].name.clone();
        let mut rows = Vec::new();
        for g in self.spec.kind.grades() {
            let students: i64 = self
                .classes
                .iter()
                .filter(|c| c.grade == g)
                .map(|c| c.size)
                .sum();
            let label = grade_label(self.spec.kind, g);
            for subject in book_subjects(self.spec.kind, g) {
                let extra = self.rng.range(0, 3);
                rows.push(vec![
                    t(&label),
                    t(*subject),
                    n(students as f64),
                    n((students + extra) as f64),
                    Out::Date(day(8, 31)),
                    t(&clerk),
                ]);
            }
        }
        self.t("textbooks").rows = rows;
    }

    /// One child learning in a regular class, one taught at home twice a
    /// week (Tuesdays and Fridays).
    fn special_ed(&mut self) {
        let headers = [
            "姓名",
            "性别",
            "班级",
            "残疾类别",
            "安置方式",
            "个别化教育计划",
            "送教教师",
        ];
        let path = "开学/特殊教育学生登记表.xlsx";
        self.table(
            "special",
            path,
            "特殊教育学生登记表",
            &headers,
            Fmt::Xlsx(true),
        );
        let a = self.names.child(&mut self.rng, None, false);
        let b = self.names.child(&mut self.rng, None, true);
        let (c1, c2) = (self.classes[2].name.clone(), self.classes[4].name.clone());
        let (t1, t2) = (self.classes[2].teacher.clone(), self.staff[7].name.clone());
        let rows = [
            [&a, "男", &c1, "听力残疾(三级)", "随班就读", "有", &t1],
            [&b, "女", &c2, "肢体残疾(一级)", "送教上门", "有", &t2],
        ];
        self.t("special").rows = rows
            .iter()
            .map(|r| r.iter().map(|c| t(*c)).collect())
            .collect();
        self.home_teaching(&b, &t2);
    }

    fn home_teaching(&mut self, child: &str, teacher: &str) {
        let headers = ["学生姓名", "送教日期", "送教教师", "送教内容", "监护人签字"];
        let fmt = Fmt::Csv(Encoding::Gb18030);
        self.table(
            "home_teaching",
            "开学/送教上门记录.csv",
            "送教上门记录",
            &headers,
            fmt,
        );
        let topics = [
            "语文:识字与朗读",
            "数学:20以内加减法",
            "生活适应:穿衣与整理",
            "康复训练:上肢精细动作",
            "绘本共读",
        ];
        let days = self.term_start.iter_days().take_while(|d| *d < self.date);
        let visits = days.filter(|d| matches!(d.weekday(), Weekday::Tue | Weekday::Fri));
        let rows = visits
            .enumerate()
            .map(|(i, d)| {
                vec![
                    t(child),
                    Out::Date(d),
                    t(teacher),
                    t(topics[i % topics.len()]),
                    t("已签"),
                ]
            })
            .collect();
        self.t("home_teaching").rows = rows;
    }

    fn migrants(&mut self) {
        let headers = [
            "姓名",
            "性别",
            "户籍地",
            "居住证",
            "申请日期",
            "申请年级",
            "是否录取",
            "未录取原因",
        ];
        self.table(
            "migrants",
            "开学/随迁子女入学登记表.xlsx",
            "农民工随迁子女入学登记表",
            &headers,
            Fmt::Xlsx(true),
        );
        let places = [
            "河南省信阳市固始县",
            "安徽省六安市霍邱县",
            "湖北省随州市曾都区",
            "江西省九江市修水县",
            "四川省达州市渠县",
        ];
        let mut rows = Vec::new();
        for i in 0..self.spec.migrants {
            let girl = self.rng.chance(50);
            let name = self.names.child(&mut self.rng, None, girl);
            let permit = format!(
                "有(孝感市居住证 4209882026{:06})",
                self.rng.next() % 1_000_000
            );
            let grade = grade_label(
                self.spec.kind,
                *self.spec.kind.grades().start() + (i as i32 % 2),
            );
            let applied = day(8, 10) + Duration::days(self.rng.range(0, 15));
            rows.push(vec![
                t(name),
                t(if girl { "女" } else { "男" }),
                t(places[i % places.len()]),
                t(permit),
                Out::Date(applied),
                t(grade),
                t("是"),
                Out::Empty,
            ]);
        }
        self.t("migrants").rows = rows;
    }
}

fn grade_label(kind: Kind, g: i32) -> String {
    match kind {
        Kind::Kindergarten => format!("{}班", ["小", "中", "大"][(g + 2) as usize]),
        Kind::Senior => format!("高{}", NUMERALS[(g - 10) as usize]),
        Kind::Vocational => format!("{}级", 2026 - (g - 10)),
        _ => format!("{}年级", NUMERALS[(g - 1) as usize]),
    }
}

/// The weekly lessons of a grade under the 2022 curriculum plan.
fn curriculum(g: i32) -> &'static [(&'static str, u32)] {
    match g {
        1 | 2 => &[
            ("道德与法治", 2),
            ("语文", 8),
            ("数学", 4),
            ("科学", 1),
            ("体育与健康", 4),
            ("音乐", 2),
            ("美术", 2),
            ("劳动", 1),
            ("综合实践活动", 1),
            ("校本课程", 1),
        ],
        3 | 4 => &[
            ("道德与法治", 2),
            ("语文", 6),
            ("数学", 5),
            ("英语", 2),
            ("科学", 2),
            ("信息科技", 1),
            ("体育与健康", 3),
            ("音乐", 2),
            ("美术", 2),
            ("劳动", 1),
            ("综合实践活动", 2),
            ("地方课程", 1),
            ("校本课程", 1),
        ],
        5 | 6 => &[
            ("道德与法治", 2),
            ("语文", 6),
            ("数学", 5),
            ("英语", 3),
            ("科学", 2),
            ("信息科技", 1),
            ("体育与健康", 3),
            ("音乐", 2),
            ("美术", 2),
            ("劳动", 1),
            ("综合实践活动", 2),
            ("地方课程", 1),
        ],
        7 => &[
            ("道德与法治", 2),
            ("语文", 5),
            ("数学", 5),
            ("英语", 4),
            ("历史", 2),
            ("地理", 2),
            ("生物学", 2),
            ("信息科技", 1),
            ("体育与健康", 3),
            ("音乐", 1),
            ("美术", 1),
            ("劳动", 1),
            ("综合实践活动", 2),
            ("地方课程", 1),
            ("心理健康", 1),
            ("校本课程", 1),
        ],
        8 => &[
            ("道德与法治", 2),
            ("语文", 5),
            ("数学", 5),
            ("英语", 4),
            ("物理", 2),
            ("生物学", 2),
            ("历史", 2),
            ("地理", 2),
            ("信息科技", 1),
            ("体育与健康", 3),
            ("音乐", 1),
            ("美术", 1),
            ("劳动", 1),
            ("综合实践活动", 2),
            ("地方课程", 1),
        ],
        _ => &[
            ("道德与法治", 2),
            ("语文", 5),
            ("数学", 5),
            ("英语", 4),
            ("物理", 3),
            ("化学", 3),
            ("历史", 2),
            ("信息科技", 1),
            ("体育与健康", 3),
            ("音乐", 1),
            ("美术", 1),
            ("劳动", 1),
            ("综合实践活动", 2),
            ("心理健康", 1),
        ],
    }
}

fn book_subjects(kind: Kind, g: i32) -> &'static [&'static str] {
    match (kind, g) {
        (Kind::Vocational, _) => &[
            "语文",
            "数学",
            "英语",
            "思想政治",
            "信息技术",
            "专业基础课教材",
        ],
        (Kind::Senior, _) => &[
            "语文",
            "数学",
            "英语",
            "物理",
            "化学",
            "生物学",
            "思想政治",
            "历史",
            "地理",
            "信息技术",
        ],
        (_, 1 | 2) => &["道德与法治", "语文", "数学", "科学"],
        (_, 3..=6) => &["道德与法治", "语文", "数学", "英语", "科学", "信息科技"],
        (_, 7) => &[
            "道德与法治",
            "语文",
            "数学",
            "英语",
            "历史",
            "地理",
            "生物学",
        ],
        (_, 8) => &[
            "道德与法治",
            "语文",
            "数学",
            "英语",
            "物理",
            "生物学",
            "历史",
            "地理",
        ],
        _ => &["道德与法治", "语文", "数学", "英语", "物理", "化学", "历史"],
    }
}

// ---------------------------------------------------------------------------
// 安全 (safety)
// ---------------------------------------------------------------------------

const LESSON_TOPICS: &[&str] = &[
    "消防安全:火场逃生与灭火器使用",
    "防溺水“六不”",
    "交通安全:上下学路上",
    "食品安全与卫生习惯",
    "防欺凌与自我保护",
    "用电安全",
];

impl Sub {
    fn safety(&mut self) {
        let s = self.spec;
        let group = leadership(s, &self.staff);
        self.file(
            "安全/安全工作领导小组.docx",
            write::docx(&format!("关于成立{}安全工作领导小组的通知", s.name), &group)
                .expect("docx"),
        );
        self.pledges();
        self.lessons();
        self.drills();
        self.hazards();
        self.extinguishers();
        self.rectification();
    }

    fn pledges(&mut self) {
        let headers = ["序号", "姓名", "岗位", "签订日期", "责任书类型"];
        self.table(
            "pledges",
            "安全/安全责任书签订登记.xlsx",
            "2026—2027学年安全责任书签订登记",
            &headers,
            Fmt::Xlsx(true),
        );
        let mut rows = Vec::new();
        for (i, s) in self.staff.iter().enumerate() {
            let kind = if i == 0 {
                "与县教育局签订"
            } else if i <= leaders(self.spec.kind).len() {
                "分管领导安全责任书"
            } else {
                "教职工岗位安全责任书"
            };
            rows.push(vec![
                n(i as f64 + 1.0),
                t(&s.name),
                t(&s.post),
                Out::Date([day(8, 27), day(8, 28), day(8, 31)][i % 3]),
                t(kind),
            ]);
        }
        self.t("pledges").rows = rows;
    }

    fn lessons(&mut self) {
        let headers = ["班级", "日期", "主题", "授课教师"];
        self.table(
            "lessons",
            "安全/开学第一课安全教育记录.csv",
            "开学第一课安全教育记录",
            &headers,
            Fmt::Csv(Encoding::Gb18030),
        );
        let mut rows = Vec::new();
        for (i, c) in self.classes.iter().enumerate() {
            let d = self.term_start + Duration::days((i % 2) as i64);
            rows.push(vec![
                t(&c.name),
                Out::Date(d),
                t(LESSON_TOPICS[i % LESSON_TOPICS.len()]),
                t(&c.teacher),
            ]);
        }
        self.t("lessons").rows = rows;
    }

    fn drills(&mut self) {
        let headers = [
            "日期",
            "类型",
            "参与人数",
            "疏散用时(秒)",
            "组织人",
            "存在问题",
        ];
        self.table(
            "drills",
            "安全/应急疏散演练记录.xlsx",
            "应急疏散演练记录",
            &headers,
            Fmt::Xlsx(true),
        );
        let people: i64 =
            self.classes.iter().map(|c| c.size).sum::<i64>() + self.staff.len() as i64;
        let dates: Vec<NaiveDate> = if self.spec.kind == Kind::Kindergarten {
            vec![day(3, 20), day(6, 18)]
        } else {
            vec![
                day(3, 26),
                day(4, 23),
                day(5, 12),
                day(6, 11),
                *self.rng.pick(&[day(9, 4), day(9, 7), day(9, 8)]),
            ]
        };
        let kinds = [
            "消防疏散演练",
            "防地震应急疏散演练",
            "防踩踏疏散演练",
            "消防疏散演练",
            "开学消防安全疏散演练",
        ];
        let org = self.staff[1].name.clone();
        let mut rows = Vec::new();
        for (i, d) in dates.into_iter().enumerate() {
            let secs = self.rng.range(82, 112);
            rows.push(vec![
                Out::Date(d),
                t(kinds[i % kinds.len()]),
                n(people as f64 - self.rng.range(5, 30) as f64),
                n(secs as f64),
                t(&org),
                t("无"),
            ]);
        }
        self.t("drills").rows = rows;
    }

    fn hazards(&mut self) {
        let headers = [
            "排查日期",
            "隐患",
            "位置",
            "责任人",
            "整改期限",
            "整改状态",
            "完成日期",
        ];
        self.table(
            "hazards",
            "安全/安全隐患排查整改台账.xlsx",
            "开学前校园安全隐患排查整改台账",
            &headers,
            Fmt::Xlsx(true),
        );
        let who = self.staff[4].name.clone();
        let who2 = self.staff[1].name.clone();
        let (c1, c2) = (day(8, 24), day(8, 28));
        self.t("hazards").rows = vec![
            vec![
                Out::Date(c1),
                t("教学楼二楼走廊应急照明灯不亮"),
                t("教学楼二楼"),
                t(&who),
                Out::Date(day(8, 28)),
                t("已整改"),
                Out::Date(day(8, 26)),
            ],
            vec![
                Out::Date(c1),
                t("操场东侧围墙局部开裂"),
                t("操场东侧"),
                t(&who),
                Out::Date(day(8, 31)),
                t("已整改"),
                Out::Date(day(8, 30)),
            ],
            vec![
                Out::Date(c1),
                t("食堂燃气软管老化"),
                t("食堂操作间"),
                t(&who2),
                Out::Date(day(8, 27)),
                t("已整改"),
                Out::Date(day(8, 25)),
            ],
            vec![
                Out::Date(c2),
                t("无"),
                t("全校复查"),
                t(&who2),
                Out::Empty,
                t("—"),
                Out::Empty,
            ],
        ];
    }

    fn extinguishers(&mut self) {
        let headers = [
            "编号",
            "位置",
            "类型",
            "生产日期",
            "有效期至",
            "最近检查日期",
            "检查人",
        ];
        self.table(
            "extinguishers",
            "安全/灭火器台账.xlsx",
            "灭火器台账",
            &headers,
            Fmt::Xlsx(true),
        );
        let places = [
            "教学楼一楼东",
            "教学楼一楼西",
            "教学楼二楼东",
            "教学楼二楼西",
            "教学楼三楼",
            "办公楼一楼",
            "食堂操作间",
            "食堂餐厅",
            "学生宿舍一楼",
            "学生宿舍二楼",
            "配电房",
            "图书室",
            "实验室",
            "门卫室",
        ];
        let who = self.staff[4].name.clone();
        let count = 8 + self.classes.len().min(6);
        let mut rows = Vec::new();
        for i in 0..count {
            let made = ymd(2021 + (i % 5) as i32, 3 + (i % 6) as u32, 10);
            let valid = made.with_year(made.year() + 6).expect("date");
            let checked = day(9, 1) + Duration::days((i % 3) as i64);
            let kind = if places[i % places.len()].contains("配电") {
                "二氧化碳 MT/3"
            } else {
                "干粉 MFZ/ABC4"
            };
            rows.push(vec![
                t(format!("MH-{:03}", i + 1)),
                t(places[i % places.len()]),
                t(kind),
                Out::Date(made),
                Out::Date(valid),
                Out::Date(checked),
                t(&who),
            ]);
        }
        self.t("extinguishers").rows = rows;
    }

    fn rectification(&mut self) {
        let headers = [
            "序号",
            "问题",
            "来源",
            "整改措施",
            "责任人",
            "完成时限",
            "完成情况",
            "佐证材料",
        ];
        self.table(
            "rectification",
            "安全/问题整改台账.xlsx",
            "“岁末年初”安全专项督导检查问题整改台账",
            &headers,
            Fmt::Xlsx(true),
        );
        let src = "2026年1月县教育局“岁末年初”安全专项督导";
        let (a, b) = (self.staff[4].name.clone(), self.staff[2].name.clone());
        self.t("rectification").rows = vec![
            vec![
                n(1),
                t("监控室值班记录不全"),
                t(src),
                t("完善值班制度,落实24小时值班登记"),
                t(&a),
                Out::Date(day(2, 28)),
                t("已完成"),
                t("值班记录表、制度文件"),
            ],
            vec![
                n(2),
                t("部分教室电源插座破损"),
                t(src),
                t("更换破损插座12处"),
                t(&a),
                Out::Date(day(3, 15)),
                t("已完成"),
                t("维修单、整改前后照片"),
            ],
            vec![
                n(3),
                t("心理健康教育档案不完整"),
                t(src),
                t("补建学生心理健康档案,配备兼职心理教师"),
                t(&b),
                Out::Date(day(6, 30)),
                t("已完成"),
                t("心理档案目录"),
            ],
        ];
    }
}

fn leadership(s: &Spec, staff: &[Staff]) -> Vec<String> {
    let members: Vec<String> = staff
        .iter()
        .skip(1)
        .take(6)
        .map(|m| format!("{}({})", m.name, m.post))
        .collect();
    vec![
        "各处室、各年级组:".into(),
        "为进一步落实学校安全工作责任,确保师生生命财产安全,经研究,决定成立学校安全工作领导小组,组成人员如下:".into(),
        format!("组  长:{}({})", s.principal, s.kind.head()),
        format!("副组长:{}", members.first().cloned().unwrap_or_default()),
        format!("成  员:{}", members[1..].join("、")),
        "领导小组下设办公室,负责日常安全管理、隐患排查、应急演练和安全教育的组织实施。".into(),
        "领导小组实行“一岗双责”,组长为学校安全工作第一责任人,各成员对分管工作的安全负直接责任。".into(),
        format!("{}", s.name),
        "2026年8月25日".into(),
    ]
}

// ---------------------------------------------------------------------------
// 食堂 (food), 校车 (bus), 收费 (fees)
// ---------------------------------------------------------------------------

/// A fee item as published: 项目, 标准, 依据文件, 是否自愿, 备注.
type Fee = [&'static str; 5];

const INSURANCE: Fee = [
    "学生意外伤害保险",
    "每生每年50元",
    "自愿参保,学校不代收",
    "是",
    "",
];
const FEES_KINDERGARTEN: &[Fee] = &[
    [
        "保育教育费",
        "每生每月480元",
        "澴发改收费〔2024〕12号",
        "否",
        "按月收取",
    ],
    [
        "伙食费",
        "每生每天12元",
        "澴发改收费〔2024〕12号",
        "是",
        "按实际就餐天数结算,每月公示",
    ],
    INSURANCE,
];
const FEES_COMPULSORY: &[Fee] = &[
    [
        "课后服务费",
        "每生每学期300元",
        "澴发改收费〔2021〕9号",
        "是",
        "家长自愿申请",
    ],
    [
        "伙食费",
        "每生每天10元(营养改善计划补助4元后)",
        "澴教基〔2025〕21号",
        "是",
        "按实际就餐天数结算",
    ],
    [
        "校服费",
        "夏装、秋装各一套,共180元",
        "澴教基〔2024〕17号",
        "是",
        "",
    ],
    INSURANCE,
];
const FEES_SENIOR: &[Fee] = &[
    [
        "学费",
        "每生每学年1200元",
        "鄂发改收费〔2023〕15号",
        "否",
        "",
    ],
    [
        "住宿费",
        "每生每学年600元",
        "鄂发改收费〔2023〕15号",
        "是",
        "住校生",
    ],
    [
        "教材费",
        "按实际价格代收,多退少补",
        "鄂教财〔2022〕6号",
        "是",
        "代收费",
    ],
    ["伙食费", "每生每天15元", "学校膳食委员会决议", "是", ""],
    INSURANCE,
];
const FEES_VOCATIONAL: &[Fee] = &[
    [
        "学费",
        "每生每学年2000元(享受国家免学费政策的学生免收)",
        "鄂发改收费〔2023〕15号",
        "否",
        "",
    ],
    [
        "住宿费",
        "每生每学年600元",
        "鄂发改收费〔2023〕15号",
        "是",
        "住校生",
    ],
    [
        "教材费",
        "按实际价格代收,多退少补",
        "鄂教财〔2022〕6号",
        "是",
        "代收费",
    ],
    ["伙食费", "每生每天15元", "学校膳食委员会决议", "是", ""],
    INSURANCE,
];

/// Deliveries: 品名, 数量, 供货商, 票证.
const GOODS: [[&str; 4]; 6] = [
    [
        "大米",
        "500斤",
        "澴阳县粮油贸易有限公司",
        "销售发票、产品检验报告",
    ],
    [
        "猪肉",
        "80斤",
        "澴阳县定点屠宰场",
        "动物检疫合格证明、肉品品质检验合格证",
    ],
    [
        "鸡蛋",
        "30斤",
        "河口镇绿源禽蛋专业合作社",
        "销售票据、合格证",
    ],
    [
        "时令蔬菜",
        "120斤",
        "澴阳县城关农贸市场刘记蔬菜批发部",
        "销售票据、农残快检记录",
    ],
    [
        "食用油",
        "5桶",
        "澴阳县粮油贸易有限公司",
        "销售发票、产品检验报告",
    ],
    [
        "豆腐",
        "40斤",
        "城关镇张记豆制品加工坊",
        "销售票据、食品小作坊登记证",
    ],
];

const BUS_HEADERS: [&str; 7] = [
    "车牌号",
    "车型",
    "校车标牌号",
    "标牌有效期",
    "检验有效期",
    "承运人责任险到期",
    "核载人数",
];
const DRIVER_HEADERS: [&str; 8] = [
    "姓名",
    "性别",
    "出生日期",
    "准驾车型",
    "初次领证日期",
    "驾驶资格签注",
    "所驾车辆",
    "联系电话",
];

const DISHES: &[&str] = &[
    "米饭",
    "红烧肉",
    "青椒炒肉丝",
    "番茄炒蛋",
    "清炒白菜",
    "土豆烧鸡",
    "冬瓜排骨汤",
    "麻婆豆腐",
    "红烧鱼块",
    "炒莴笋",
    "紫菜蛋花汤",
    "凉拌黄瓜",
    "蒸鸡蛋羹",
    "肉末茄子",
];
const BREAKFAST: &[&str] = &["馒头", "稀饭", "煮鸡蛋", "热干面", "包子", "豆浆", "花卷"];

impl Sub {
    fn food(&mut self) {
        if !self.spec.canteen {
            return;
        }
        let lic = self.licence_number();
        let lines = vec![
            "食品经营许可证".to_string(),
            format!("经营者名称:{}食堂", self.spec.name),
            format!("许可证编号:{lic}"),
            "经营项目:热食类食品制售".to_string(),
            format!(
                "有效期至:{}",
                self.spec.licence_expires.format("%Y年%m月%d日")
            ),
            format!("发证机关:{COUNTY}市场监督管理局"),
        ];
        self.file("食堂/食品经营许可证.pdf", write::pdf(&lines));
        self.food_workers();
        self.food_samples();
        self.accompany();
        self.purchases();
    }

    fn licence_number(&self) -> String {
        format!("JY3420988{:07}", self.spec.seed * 7919 % 10_000_000)
    }

    fn food_workers(&mut self) {
        let headers = [
            "序号",
            "姓名",
            "性别",
            "岗位",
            "健康证编号",
            "发证日期",
            "有效期至",
        ];
        self.table(
            "food_workers",
            "食堂/食堂从业人员健康证明登记表.xlsx",
            "食堂从业人员健康证明登记表",
            &headers,
            Fmt::Xlsx(true),
        );
        let posts = [
            "食堂管理员",
            "厨师",
            "厨师",
            "帮厨",
            "面点师",
            "帮厨",
            "保管员",
            "采购员",
            "帮厨",
            "洗消员",
        ];
        let count = (self.classes.iter().map(|c| c.size).sum::<i64>() / 110).clamp(3, 10) as usize;
        let mut rows = Vec::new();
        for i in 0..count {
            let woman = self.rng.chance(60);
            let name = self.names.adult(&mut self.rng, None, woman);
            let issued = self.date - Duration::days(self.rng.range(20, 320));
            let valid = issued + Duration::days(365);
            let no = format!("4209882026{:06}", self.rng.next() % 1_000_000);
            rows.push(vec![
                n(i as f64 + 1.0),
                t(name),
                t(if woman { "女" } else { "男" }),
                t(posts[i % posts.len()]),
                t(no),
                Out::Date(issued),
                Out::Date(valid),
            ]);
        }
        self.t("food_workers").rows = rows;
    }

    fn meals(&self) -> Vec<(&'static str, u32, u32)> {
        match (self.spec.kind, self.spec.boarding) {
            (Kind::Kindergarten, _) => vec![("午餐", 11, 20), ("午点", 15, 10)],
            (_, true) => vec![("早餐", 7, 10), ("午餐", 11, 50), ("晚餐", 17, 30)],
            _ => vec![("午餐", 11, 50)],
        }
    }

    fn food_samples(&mut self) {
        let headers = [
            "日期",
            "餐次",
            "品名",
            "留样量(克)",
            "留样时间",
            "处理时间",
            "留样人",
        ];
        self.table(
            "samples",
            "食堂/食品留样记录.xlsx",
            "食品留样记录",
            &headers,
            Fmt::Xlsx(true),
        );
        self.t("samples").note = Some("每餐每个品种留样不少于125克,冷藏48小时以上。".into());
        let by: Vec<String> = self
            .t("food_workers")
            .rows
            .iter()
            .map(|r| r[1].to_text())
            .take(2)
            .collect();
        let mut rows = Vec::new();
        for d in school_days(self.term_start, self.date) {
            for (meal, h, m) in self.meals() {
                let list = if meal == "早餐" || meal == "午点" {
                    BREAKFAST
                } else {
                    DISHES
                };
                for k in 0..3 {
                    let dish = list[(d.ordinal() as usize * 3 + k + h as usize) % list.len()];
                    let kept = at(d, h, m);
                    let gone =
                        kept + Duration::hours(48) + Duration::minutes(self.rng.range(10, 40));
                    let grams = 125 + self.rng.range(0, 7) * 5;
                    rows.push(vec![
                        Out::Date(d),
                        t(meal),
                        t(dish),
                        n(grams as f64),
                        Out::DateTime(kept),
                        Out::DateTime(gone),
                        t(&by[k % by.len()]),
                    ]);
                }
            }
        }
        self.t("samples").rows = rows;
    }

    fn accompany(&mut self) {
        let headers = ["日期", "餐次", "陪餐人", "职务", "陪餐意见"];
        self.table(
            "accompany",
            "食堂/学校负责人陪餐记录.csv",
            "学校负责人陪餐记录",
            &headers,
            Fmt::Csv(Encoding::Utf8Bom),
        );
        let leads: Vec<(String, String)> = self
            .staff
            .iter()
            .take(3)
            .map(|s| (s.name.clone(), s.post.clone()))
            .collect();
        let opinions = [
            "饭菜温度适宜,分量足",
            "口味偏咸,已反馈厨师",
            "菜品搭配合理",
            "学生就餐秩序良好",
            "建议增加时令蔬菜",
        ];
        let mut rows = Vec::new();
        for (i, d) in school_days(self.term_start, self.date)
            .into_iter()
            .enumerate()
        {
            let (who, post) = &leads[i % leads.len()];
            rows.push(vec![
                Out::Date(d),
                t("午餐"),
                t(who),
                t(post),
                t(opinions[i % opinions.len()]),
            ]);
        }
        self.t("accompany").rows = rows;
    }

    fn purchases(&mut self) {
        let headers = ["日期", "品名", "数量", "供货商", "票证", "验收人"];
        let title = "食品原料进货查验记录";
        self.table(
            "purchases",
            "食堂/食品进货查验记录.xlsx",
            title,
            &headers,
            Fmt::Xlsx(false),
        );
        let who = self
            .t("food_workers")
            .rows
            .last()
            .map(|r| r[1].to_text())
            .unwrap_or_default();
        let days = school_days(day(8, 31), self.date).into_iter();
        let mut rows = Vec::new();
        for d in days.filter(|d| matches!(d.weekday(), Weekday::Mon | Weekday::Wed | Weekday::Fri))
        {
            for (i, [item, qty, supplier, voucher]) in GOODS.iter().enumerate() {
                // Vegetables every delivery day, the rest in turn.
                if (i + d.day() as usize).is_multiple_of(2) || i == 3 {
                    let row = [t(*item), t(*qty), t(*supplier), t(*voucher), t(&who)];
                    rows.push(std::iter::once(Out::Date(d)).chain(row).collect());
                }
            }
        }
        self.t("purchases").rows = rows;
    }
}

impl Sub {
    fn bus(&mut self) {
        if self.spec.buses == 0 {
            return;
        }
        let tables: [(&'static str, &str, &str, &[&str], bool); 4] = [
            (
                "buses",
                "校车/校车登记表.xlsx",
                "校车登记表",
                &BUS_HEADERS,
                true,
            ),
            (
                "drivers",
                "校车/校车驾驶人登记表.xlsx",
                "校车驾驶人登记表",
                &DRIVER_HEADERS,
                true,
            ),
            (
                "attendants",
                "校车/随车照管人员登记表.xlsx",
                "随车照管人员登记表",
                &["姓名", "性别", "所跟车辆", "联系电话"],
                false,
            ),
            (
                "riders",
                "校车/乘车学生名单.xlsx",
                "校车乘车学生名单",
                &["序号", "学生姓名", "班级", "车牌号", "上下车站点"],
                true,
            ),
        ];
        for (key, path, title, headers, titled) in tables {
            self.table(key, path, title, headers, Fmt::Xlsx(titled));
        }
        for b in 0..self.spec.buses {
            self.one_bus(b);
        }
        let lines = vec![
            "校车使用许可".to_string(),
            format!("学校:{}", self.spec.name),
            format!("批准机关:{COUNTY}人民政府"),
            format!("校车数量:{} 辆", self.spec.buses),
        ];
        self.file("校车/校车使用许可.pdf", write::pdf(&lines));
    }

    /// Bus `b`: its registration, driver, attendant and riders.
    fn one_bus(&mut self, b: usize) {
        let plate = format!("鄂K{}", ["D3718", "E0526", "D5902"][b % 3]);
        let capacity = [41.0, 36.0, 19.0][b % 3];
        let model = [
            "宇通 ZK6805DX 专用小学生校车",
            "金龙 XMQ6706ASD 专用校车",
            "东风 EQ6550 幼儿专用校车",
        ][b % 3];
        let sign = ymd(2027, 3 + b as u32, 31 - b as u32);
        let row = vec![
            t(&plate),
            t(model),
            t(format!("鄂K校车{:04}", 31 + b * 7)),
            Out::Date(sign),
            Out::Date(sign + Duration::days(30)),
            Out::Date(ymd(2027, 1, 15)),
            n(capacity),
        ];
        self.t("buses").rows.push(row);
        let licence = if capacity > 30.0 { "A1" } else { "B1" };
        let row = self.driver_row(&plate, licence);
        self.t("drivers").rows.push(row);
        let r = &mut self.rng;
        let minder = self.names.adult(r, None, true);
        let row = vec![t(&minder), t("女"), t(&plate), t(phone(r))];
        self.t("attendants").rows.push(row);
        let riders = capacity as i64 - self.rng.range(3, 8);
        self.riders(b, &plate, riders as usize);
    }

    fn driver_row(&mut self, plate: &str, licence: &str) -> Vec<Out> {
        let r = &mut self.rng;
        let driver = self.names.adult(r, None, false);
        let mut date = |from: i64, years: i64| {
            let (y, m, d) = (
                from + r.range(0, years),
                1 + r.range(0, 11),
                1 + r.range(0, 27),
            );
            Out::Date(ymd(y as i32, m as u32, d as u32))
        };
        let (birth, first) = (date(1971, 12), date(1996, 10));
        let endorsement = t("已签注校车驾驶资格");
        vec![
            t(&driver),
            t("男"),
            birth,
            t(licence),
            first,
            endorsement,
            t(plate),
            t(phone(r)),
        ]
    }

    /// Pupils riding bus `b`, with their stops in the school's villages.
    fn riders(&mut self, b: usize, plate: &str, count: usize) {
        let villages = self.spec.villages;
        for i in 0..count {
            let girl = self.rng.chance(50);
            let name = self.names.child(&mut self.rng, None, girl);
            let class = self.classes[self.rng.below(self.classes.len())]
                .name
                .clone();
            let k = self.t("riders").rows.len() + 1;
            let village = villages[(b * 2 + i % 3) % villages.len()];
            let stop = format!("{village}{}", ["村委会", "路口", "小学旧址"][i % 3]);
            let row = vec![n(k as f64), t(name), t(class), t(plate), t(stop)];
            self.t("riders").rows.push(row);
        }
    }

    fn fees(&mut self) {
        let headers = ["项目", "标准", "依据文件", "是否自愿", "备注"];
        let title = "2026年秋季收费项目公示表";
        self.table(
            "fees",
            "收费/收费项目公示表.xlsx",
            title,
            &headers,
            Fmt::Xlsx(true),
        );
        let list = match self.spec.kind {
            Kind::Kindergarten => FEES_KINDERGARTEN,
            Kind::Senior => FEES_SENIOR,
            Kind::Vocational => FEES_VOCATIONAL,
            _ => FEES_COMPULSORY,
        };
        let canteen = self.spec.canteen;
        let rows = list
            .iter()
            .filter(|f| canteen || f[0] != "伙食费")
            .map(|f| f.iter().map(|c| t(*c)).collect())
            .collect();
        self.t("fees").rows = rows;
        self.photo("收费/收费公示栏.jpg");
    }

    /// Full marks for every on-site item that applies; `flaws` lower them.
    fn default_onsite(&mut self) {
        self.team = vec![
            ("张建华", "澴阳县教育局基础教育科"),
            ("李红梅", "澴阳县教育局安全管理股"),
            ("周志强", "澴阳县市场监督管理局城关所"),
        ];
        if !self.kids.is_empty() {
            self.score("care.home", 3.0, "", &["照片/留守儿童之家.jpg"]);
        }
        self.score("enrollment.teachers", 4.0, "", &[]);
        self.score("enrollment.lesson_prep", 3.0, "", &[]);
        self.score("safety.fire_exits", 2.0, "", &["照片/疏散通道.jpg"]);
        self.score("safety.facilities", 3.0, "", &[]);
        self.score("safety.environment", 2.0, "", &["照片/校园环境.jpg"]);
        if self.spec.canteen {
            self.score("food.kitchen", 1.0, "", &["照片/食堂后厨.jpg"]);
        }
    }
}

// ---------------------------------------------------------------------------
// school.yaml, inspection.yaml, writing
// ---------------------------------------------------------------------------

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Sub {
    fn school_yaml(&self) -> String {
        let s = self.spec;
        let students: i64 = self.classes.iter().map(|c| c.size).sum();
        let mut y = format!("# 学校基本信息(开学检查 school.yaml)\nname: {}\ncode: {}\ntype: {}\ntownship: {}\nterm_start: {}\n", s.name, q(s.code), s.kind.id(), s.township, self.term_start);
        if !s.inspected {
            y.push_str(&format!(
                "# 学校自查日期:没有检查组现场记录时,按此日期计算各项时限\nself_audit_date: {}\n",
                s.date
            ));
        }
        y.push_str(&format!(
            "principal: {}\nphone: {}\nheadcounts:\n  students: {students}\n  teachers: {}\n",
            s.principal,
            q(s.phone),
            self.staff.len()
        ));
        y.push_str(&format!(
            "  left_behind: {}\n  special_ed: {}\n  migrant_applicants: {}\n",
            s.left_behind,
            if s.special_ed { 2 } else { 0 },
            s.migrants
        ));
        y.push_str(&format!(
            "flags:\n  canteen: {}\n  school_bus: {}\n  boarding: {}\n",
            s.canteen,
            s.buses > 0,
            s.boarding
        ));
        if s.canteen {
            y.push_str(&format!(
                "food_license:\n  number: {}\n  expires: {}\n",
                self.licence_number(),
                s.licence_expires
            ));
        }
        y
    }

    fn inspection_yaml(&self) -> String {
        let s = self.spec;
        let mut y = format!(
            "# {COUNTY}教育局 2026年秋季开学检查 现场检查记录\n# 受检学校:{}\nteam:\n",
            s.name
        );
        for (name, unit) in &self.team {
            y.push_str(&format!("  - name: {name}\n    unit: {unit}\n"));
        }
        y.push_str(&format!("visit_date: {}\nitems:\n", s.date));
        for o in &self.onsite {
            y.push_str(&format!("  {}:\n    score: {}\n", o.item, num(o.score)));
            if !o.finding.is_empty() {
                y.push_str(&format!("    finding: {}\n", q(&o.finding)));
            }
            if !o.photos.is_empty() {
                y.push_str(&format!("    photos: [{}]\n", o.photos.join(", ")));
            }
        }
        if !self.self_scores.is_empty() {
            y.push_str("# 学校自评分\nself_scores:\n");
            for (item, score) in &self.self_scores {
                y.push_str(&format!("  {item}: {}\n", num(*score)));
            }
        }
        y
    }

    /// Every file of the submission, by path.
    fn render(mut self) -> BTreeMap<String, Vec<u8>> {
        let mut out = std::mem::take(&mut self.files);
        for table in self.tables.values() {
            out.insert(table.path.clone(), table.bytes());
        }
        out.insert("school.yaml".into(), self.school_yaml().into_bytes());
        if self.spec.inspected {
            let photos: Vec<String> = self.onsite.iter().flat_map(|o| o.photos.clone()).collect();
            for p in photos {
                out.entry(p)
                    .or_insert_with(|| write::jpg(64, 48, self.rng.next()));
            }
            out.insert(
                "inspection.yaml".into(),
                self.inspection_yaml().into_bytes(),
            );
        }
        out
    }
}

fn build(spec: &'static Spec) -> BTreeMap<String, Vec<u8>> {
    let mut sub = Sub::new(spec);
    sub.care();
    sub.enrollment();
    sub.safety();
    sub.food();
    sub.bus();
    sub.fees();
    if spec.inspected {
        sub.default_onsite();
    }
    (spec.flaws)(&mut sub);
    sub.render()
}

fn write_folder(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    for (path, bytes) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, bytes)?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&root)?;
    // Folders of earlier runs (a renamed school must not linger).
    for entry in std::fs::read_dir(&root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    let specs: &'static [Spec] = Box::leak(specs().into_boxed_slice());
    for spec in specs {
        write_folder(&root.join(spec.folder), &build(spec))?;
    }
    let readme = readme(&root, specs)?;
    std::fs::write(root.join("README.md"), readme)?;
    println!("wrote {} samples under {}", specs.len(), root.display());
    Ok(())
}

// ---------------------------------------------------------------------------
// README
// ---------------------------------------------------------------------------

/// `samples/README.md`, with every school checked by the library.
fn readme(root: &Path, specs: &[Spec]) -> Result<String, Box<dyn std::error::Error>> {
    let cl = ducha::pipeline::load_checklist(None).map_err(|e| e.to_string())?;
    let (mut rows, mut differ) = (String::new(), String::new());
    for s in specs {
        let r = ducha::pipeline::check(&root.join(s.folder), &cl, &Default::default())
            .map_err(|e| e.to_string())?;
        let sum = &r.summary;
        let vetoes = if sum.vetoed.is_empty() {
            "—".to_string()
        } else {
            sum.vetoed.join("、")
        };
        let source = if s.inspected {
            "检查组 inspection.yaml"
        } else {
            "自查 self_audit_date"
        };
        let kind = format!("{}({})", s.kind.name(), s.kind.id());
        let (office, demo) = (&r.school.office, s.demonstrates);
        let date = format!("{}({source}) | `--date {}`", s.date, s.date);
        let result = format!(
            "{} | {} | {vetoes} | {}",
            sum.score, sum.grade, sum.pending.items
        );
        rows.push_str(&format!(
            "| `{}` | {kind} | {office} | {demo} | {date} | {result} |\n",
            s.folder
        ));
        differ.push_str(&differences(s, &r));
    }
    let differ = if differ.is_empty() {
        "每所学校扣分的检查项都与生成器的设计一致。\n".to_string()
    } else {
        format!("{DIFFER_NOTE}{differ}")
    };
    Ok(format!(
        "{README_HEAD}{rows}{README_MIDDLE}{differ}{README_TAIL}"
    ))
}

/// Verdicts that differ from the sample's design: an item scored other
/// than `Spec::issues` says (full marks when it is not listed).
fn differences(s: &Spec, r: &ducha::result::InspectionResult) -> String {
    use ducha::result::Status;
    let mut out = String::new();
    for i in r
        .items
        .iter()
        .filter(|i| i.status.counts() && i.status != Status::Pending)
    {
        let designed = s
            .issues
            .iter()
            .find(|(id, _)| *id == i.id)
            .map(|(_, p)| *p)
            .unwrap_or(i.max);
        if (i.score - designed).abs() > 1e-9 {
            let why = i
                .findings
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| i.note.clone());
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(":{why}")
            };
            out.push_str(&format!(
                "- `{}` `{}` 得 {}/{},设计为 {}{why}\n",
                s.folder, i.id, i.score, i.max, designed
            ));
        }
    }
    out
}

const README_HEAD: &str = "# 示例提交材料 / Sample submissions

本目录由 `cargo run --example make_samples` 生成,请勿手工修改(修改 `examples/make_samples.rs` 后重新运行;
同样的生成器每次写出完全相同的字节)。七所学校都属于虚构的湖北省**澴阳县**,学校、人名、电话、证照编号均为随机编造。

Generated by `cargo run --example make_samples` (deterministic: identical bytes on every run). Seven invented
schools of the fictional county 澴阳县 (Hubei), each a complete submission folder for `checklists/start-of-term.yaml`.
`tests/samples.rs` checks every folder and pins its grade, vetoes and full JSON result.

## 学校一览 / Schools

开学日期均为 2026-09-01。检查日期写在各校自己的文件中(`inspection.yaml` 的 `visit_date`,或自查学校
`school.yaml` 的 `self_audit_date`),所以任何一天运行结果都相同;表中的 `--date` 参数给出同一日期,可显式复现:

```
cargo run -- check samples/01-河口镇中心小学 --date 2026-09-15
cargo run -- check samples/01-河口镇中心小学 --format json
```

| 文件夹 | 类型 | 汇总科室 | 演示内容 | 检查日期 | 复现参数 | 得分 | 等级 | 一票否决项 | 待现场检查项 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
";

const README_MIDDLE: &str = "
(得分、等级、否决项和待检查项数由生成器运行时调用 `ducha::pipeline::check` 得出。)

## 与设计不符的判定 / Verdicts that differ from the design

";

const DIFFER_NOTE: &str =
    "生成器为每所学校记下了有意制造的问题(`Spec::issues`)。下列判定与设计不符,
多半是清单或引擎的问题而不是材料的问题,请核查;修正后重新运行生成器,本节随之更新:

";

const README_TAIL: &str = "
## 材料的写法 / What the files exercise

- 表格既有 .xlsx 也有 .csv:部分工作簿在表头上方有合并的标题行和填表说明行(如 `关爱/留守儿童花名册.xlsx`);
  CSV 有 GB18030 编码(`关爱/留守儿童家访记录.csv`、`安全/开学第一课安全教育记录.csv`、`开学/送教上门记录.csv`)、
  带 BOM 的 UTF-8(`关爱/亲情联系记录.csv`、`食堂/学校负责人陪餐记录.csv`)和无 BOM 的 UTF-8(`开学/课程设置表.csv`)。
- 日期写法逐表轮换:Excel 日期、`2026-9-1`、`2026/09/01`、`2026年9月1日`、`2026.9.1`、`2026-09-01`;
  留样时间写到分钟(Excel 日期时间或文字)。
- 列名用了清单中的别名(如 `健康状况/病史`);父母电话有时填两个号码(`、` 分隔);白果村小学的花名册把电话存成了数字。
- 文档:`关爱/` 中的学校工作计划和年度关爱方案(.docx,写明 2026 年),`安全/安全工作领导小组.docx`;
  扫描件(.pdf):食品经营许可证、校车使用许可、每名留守儿童的成长档案;照片(.jpg):收费公示栏和检查组引用的现场照片。
- `inspection.yaml`:检查组 2–3 人及单位、检查日期、每个适用的现场/材料+现场项目的得分、发现的问题、照片、学校自评分。
";

// ---------------------------------------------------------------------------
// What each sample demonstrates
// ---------------------------------------------------------------------------

impl Sub {
    fn kid(&self, i: usize) -> String {
        self.kids[i].name.clone()
    }

    /// A rectification ledger whose items are all still within their
    /// deadlines (problems of the summer flood-season inspection).
    fn rectification_in_progress(&mut self) {
        let src = "2026年7月县教育局汛期安全检查";
        let (a, b) = (self.staff[4].name.clone(), self.staff[2].name.clone());
        self.t("rectification").rows = vec![
            vec![
                n(1),
                t("部分户外设施螺丝松动、油漆脱落"),
                t(src),
                t("逐件紧固、除锈刷漆"),
                t(&a),
                Out::Date(day(10, 15)),
                t("整改中"),
                Out::Empty,
            ],
            vec![
                n(2),
                t("应急预案未按新规修订"),
                t(src),
                t("按《中小学幼儿园应急预案编制指南》修订并组织学习"),
                t(&b),
                Out::Date(day(10, 31)),
                t("整改中"),
                Out::Empty,
            ],
        ];
    }

    /// Marks one teacher absent, with a reason and the principal's approval.
    fn approved_absence(&mut self, i: usize, reason: &str) {
        let approval = format!("{}已审批,报县教育局人事股备案", self.spec.principal);
        let teachers = self.t("teachers");
        teachers.set_at(i, "是否到岗", t("否"));
        teachers.set_at(i, "未到岗原因", t(reason));
        teachers.set_at(i, "请假审批", t(approval));
    }
}

/// A clean 优秀 school: one small on-site deduction.
fn flaws_01(s: &mut Sub) {
    s.team = vec![
        ("张建华", "澴阳县教育局基础教育科"),
        ("李红梅", "澴阳县教育局安全管理股"),
        ("周志强", "澴阳县市场监督管理局河口所"),
    ];
    s.score(
        "safety.environment",
        1.5,
        "二楼男生厕所有异味,保洁不到位,已要求当天整改",
        &["照片/二楼男厕.jpg", "照片/校园环境.jpg"],
    );
    s.score(
        "food.kitchen",
        1.0,
        "",
        &["照片/食堂后厨.jpg", "照片/留样柜.jpg"],
    );
    s.self_scores = vec![
        ("care.roster", 6.0),
        ("care.home", 3.0),
        ("safety.environment", 2.0),
        ("food.samples", 2.0),
    ];
}

/// Scattered findings in every section, none of them a veto.
fn flaws_02(s: &mut Sub) {
    let (a, b, c) = (s.kid(3), s.kid(9), s.kid(15));
    let roster = s.t("roster");
    roster.set("姓名", &a, "健康状况/病史", Out::Empty);
    roster.set("姓名", &b, "监护人电话", t("4731256"));
    s.t("home_visits").remove("学生姓名", &c);
    let ci = s.classes.iter().position(|c| c.grade == 8).unwrap_or(0) + 1;
    s.add_absentee(
        ci,
        "不明",
        "班主任多次电话联系家长未果,已报告城关镇政府和所在社区",
        12,
    );
    let textbooks = s.t("textbooks");
    let row = textbooks
        .find("年级", "八年级")
        .into_iter()
        .find(|&r| textbooks.cell(r, "科目") == "地理")
        .expect("八年级地理");
    let have: f64 = textbooks.cell(row, "学生数").parse().unwrap_or(0.0);
    textbooks.set_at(row, "到书数", n(have - 6.0));
    s.t("extinguishers")
        .set_at(5, "有效期至", Out::Date(day(8, 31)));
    let drills = s.t("drills");
    let last = drills.rows.len() - 1;
    drills.set_at(last, "疏散用时(秒)", n(135));
    drills.set_at(last, "存在问题", t("七年级楼梯口拥堵,疏散用时超过2分钟"));
    s.t("samples").set_at(4, "留样量(克)", n(100));
    let gap = day(9, 9);
    s.t("accompany").rows.retain(|r| r[0] != Out::Date(gap));
    s.rectification_in_progress();
    s.score(
        "enrollment.lesson_prep",
        2.0,
        "抽查5名教师教案,八年级2名教师只提前备课1天",
        &[],
    );
    s.self_scores = vec![
        ("care.roster", 6.0),
        ("care.home_visits", 4.0),
        ("enrollment.students", 5.0),
        ("safety.drills", 3.0),
        ("enrollment.lesson_prep", 3.0),
    ];
}

/// A veto: a school-bus driver past the age limit (61 on the visit day).
fn flaws_03(s: &mut Sub) {
    let drivers = s.t("drivers");
    drivers.set_at(1, "出生日期", Out::Date(ymd(1965, 3, 12)));
    drivers.set_at(1, "初次领证日期", Out::Date(ymd(1988, 6, 20)));
    let teacher = s.staff.len() - 3;
    s.approved_absence(teacher, "产假(2026年8月至2027年1月)");
    s.team = vec![
        ("张建华", "澴阳县教育局基础教育科"),
        ("雷卫东", "澴阳县公安局交警大队"),
        ("周志强", "澴阳县市场监督管理局桂花所"),
    ];
    s.score(
        "care.home",
        2.0,
        "亲情电话故障,已两周未修复",
        &["照片/留守儿童之家.jpg"],
    );
    s.score(
        "safety.environment",
        2.0,
        "",
        &["照片/校园环境.jpg", "照片/校车停放场.jpg"],
    );
    s.self_scores = vec![("bus.drivers", 3.0), ("care.home", 3.0)];
}

/// A kindergarten: last drill 90 days before the visit; no findings.
fn flaws_04(s: &mut Sub) {
    s.rectification_in_progress();
    s.team = vec![
        ("王秀英", "澴阳县教育局基础教育科(学前教育)"),
        ("李红梅", "澴阳县教育局安全管理股"),
    ];
    s.self_scores = vec![("safety.drills", 3.0), ("care.home", 3.0)];
}

/// A vocational school with the weaknesses of a busy county school.
fn flaws_05(s: &mut Sub) {
    let teachers = s.t("teachers");
    teachers.set_at(40, "是否到岗", t("否"));
    teachers.set_at(40, "未到岗原因", t("事假"));
    let rect = s.t("rectification");
    rect.set_at(1, "完成情况", t("整改中"));
    rect.set_at(1, "佐证材料", Out::Empty);
    let hazards = s.t("hazards");
    hazards.set_at(1, "整改期限", Out::Date(day(9, 15)));
    hazards.set_at(1, "整改状态", t("整改中"));
    hazards.set_at(1, "完成日期", Out::Empty);
    let textbooks = s.t("textbooks");
    let row = textbooks.find("年级", "2026级")[5];
    let have: f64 = textbooks.cell(row, "学生数").parse().unwrap_or(0.0);
    textbooks.set_at(row, "到书数", n(have - 45.0));
    for i in [2, 7] {
        s.t("extinguishers")
            .set_at(i, "最近检查日期", Out::Date(day(7, 10)));
    }
    let samples = s.t("samples");
    let kept = at(day(9, 18), 17, 30);
    let r = samples.find("餐次", "晚餐")[40];
    samples.set_at(r, "留样时间", Out::DateTime(kept));
    samples.set_at(r, "处理时间", Out::DateTime(kept + Duration::hours(30)));
    let k = s.kid(1);
    s.t("roster").set("姓名", &k, "母亲务工地", Out::Empty);
    s.t("purchases").set_at(6, "票证", Out::Empty);
    visit_05(s);
}

/// The vocational school's inspectors: points off in five on-site items.
fn visit_05(s: &mut Sub) {
    s.team = vec![
        ("万立新", "澴阳县教育局职成教育科"),
        ("李红梅", "澴阳县教育局安全管理股"),
        ("周志强", "澴阳县市场监督管理局城关所"),
    ];
    let scores: [(&str, f64, &str, &[&str]); 5] = [
        (
            "care.home",
            2.0,
            "留守儿童之家图书较少,亲情电话使用无登记",
            &["照片/留守儿童之家.jpg"],
        ),
        (
            "enrollment.teachers",
            3.0,
            "汽修专业一名教师事假未办理请假手续",
            &[],
        ),
        (
            "enrollment.lesson_prep",
            2.0,
            "专业课教师教案只备到本周",
            &[],
        ),
        (
            "safety.facilities",
            2.0,
            "汽修实训车间举升机防护栏缺失,已要求停用整改",
            &["照片/汽修实训车间.jpg"],
        ),
        (
            "safety.environment",
            1.0,
            "学生宿舍楼走廊堆放杂物",
            &["照片/宿舍走廊.jpg"],
        ),
    ];
    for (item, score, finding, photos) in scores {
        s.score(item, score, finding, photos);
    }
    s.self_scores = vec![
        ("enrollment.teachers", 4.0),
        ("safety.facilities", 3.0),
        ("safety.rectification", 2.0),
    ];
}

/// A village school's self-audit: many left-behind children, gaps.
fn flaws_06(s: &mut Sub) {
    let k: Vec<String> = (0..s.kids.len()).map(|i| s.kid(i)).collect();
    let roster = s.t("roster");
    for (i, col) in [
        (2, "性格特点"),
        (2, "兴趣爱好"),
        (7, "健康状况/病史"),
        (11, "健康状况/病史"),
        (19, "监护人电话"),
        (23, "监护人住址"),
    ] {
        roster.set("姓名", &k[i], col, Out::Empty);
    }
    roster.set("姓名", &k[28], "父母联系电话", t("1387125063"));
    for i in [31, 35] {
        roster.set("姓名", &k[i], "更新日期", Out::Date(day(3, 10)));
    }
    // Phone numbers typed as numbers, as Excel keeps them.
    for c in ["父母联系电话", "监护人电话"] {
        let ci = roster.col(c);
        for row in roster.rows.iter_mut() {
            if let Out::Text(p) = &row[ci] {
                if p.len() == 11 && p.bytes().all(|b| b.is_ascii_digit()) {
                    row[ci] = n(p.parse::<f64>().unwrap_or(0.0));
                }
            }
        }
    }
    roster.rows.pop();
    for i in [5, 13, 21, 30, 38, 41] {
        s.t("home_visits").remove("学生姓名", &k[i]);
    }
    for i in [8, 26, 40, 43] {
        s.t("contacts").remove("学生姓名", &k[i]);
    }
    for i in [14, 33, 42] {
        s.files
            .remove(&format!("关爱/成长档案/{}-成长档案.pdf", k[i]));
    }
    let busy = s.kids[0].mentor.clone();
    for i in [4, 9, 17] {
        s.t("roster").set("姓名", &k[i], "帮扶教师", t(&busy));
    }
    // Agreements kept as scans, one per child; three are missing.
    s.tables.remove("agreements");
    for (i, kid) in s.kids.iter().enumerate() {
        if ![6, 24, 37].contains(&i) {
            let lines = vec![
                "委托监护责任书".to_string(),
                format!("受托监护人:{}({})", kid.guardian, kid.relation),
                format!("被监护儿童:{}", kid.name),
            ];
            s.files.insert(
                format!("关爱/责任书/委托监护责任书-{}.pdf", kid.name),
                write::pdf(&lines),
            );
        }
    }
}

/// A senior high school: no findings; self-scores beside the team's.
fn flaws_07(s: &mut Sub) {
    s.rectification_in_progress();
    s.team = vec![
        ("张建华", "澴阳县教育局基础教育科"),
        ("钟海波", "澴阳县教育局安全管理股"),
    ];
    s.self_scores = vec![
        ("care.home", 3.0),
        ("enrollment.lesson_prep", 3.0),
        ("safety.facilities", 3.0),
    ];
}
