//! The synthetic county: its townships and villages, and a random but
//! plausible profile (`Spec`) for each generated school — type in
//! realistic proportions, size, left-behind children, canteen, buses,
//! boarding, the inspection date and whether inspectors visited.

use super::calendar::{day, school_days, ymd};
use super::faults;
use super::names::Names;
use super::rng::Rng;
use super::spec::{Kind, Spec};
use chrono::Duration;
use std::collections::{BTreeMap, BTreeSet};

/// A township: name, two-digit code in the school codes, the share of
/// left-behind children among its pupils (percent), its villages.
pub(crate) struct Township {
    pub(crate) name: &'static str,
    pub(crate) code: u32,
    pub(crate) rural: i64,
    pub(crate) villages: [&'static str; 10],
}

/// The seat of the county; county-level schools stand here.
const SEAT: usize = 0;

pub(crate) const TOWNSHIPS: [Township; 12] = [
    Township {
        name: "城关镇",
        code: 10,
        rural: 6,
        villages: [
            "城南社区",
            "东门社区",
            "西湖社区",
            "槐树村",
            "八一村",
            "郑家河村",
            "北门社区",
            "新华社区",
            "花园村",
            "十里铺村",
        ],
    },
    Township {
        name: "河口镇",
        code: 11,
        rural: 24,
        villages: [
            "河口村",
            "新堤村",
            "马家湾村",
            "杨林村",
            "黄土岗村",
            "永兴村",
            "余家湾村",
            "双河村",
            "大桥村",
            "周湾村",
        ],
    },
    Township {
        name: "桂花乡",
        code: 12,
        rural: 30,
        villages: [
            "桂花村",
            "石桥村",
            "周家畈村",
            "龙井村",
            "三合村",
            "枫树村",
            "金盆村",
            "上李村",
            "下李村",
            "油坊村",
        ],
    },
    Township {
        name: "柳林乡",
        code: 13,
        rural: 32,
        villages: [
            "白果村",
            "陈家岗村",
            "胡家湾村",
            "柳林村",
            "白鹤村",
            "长岭村",
            "红星村",
            "团山村",
            "宋家冲村",
            "吴家店村",
        ],
    },
    Township {
        name: "白沙镇",
        code: 14,
        rural: 26,
        villages: [
            "白沙村",
            "汪家湾村",
            "熊家岗村",
            "田店村",
            "枣树村",
            "青石村",
            "沙河村",
            "何家垸村",
            "大悟岗村",
            "新店村",
        ],
    },
    Township {
        name: "石岭镇",
        code: 15,
        rural: 28,
        villages: [
            "石岭村",
            "大堰村",
            "高岭村",
            "杨树村",
            "王家垸村",
            "梅林村",
            "白庙村",
            "朱家冲村",
            "太平村",
            "古城村",
        ],
    },
    Township {
        name: "杨店镇",
        code: 16,
        rural: 22,
        villages: [
            "杨店村",
            "龙店村",
            "东桥村",
            "西桥村",
            "蔡家湾村",
            "肖家港村",
            "罗汉村",
            "中和村",
            "张家店村",
            "邓家河村",
        ],
    },
    Township {
        name: "三汊镇",
        code: 17,
        rural: 27,
        villages: [
            "三汊村",
            "新塘村",
            "官塘村",
            "南湖村",
            "彭家湾村",
            "童家岗村",
            "和平村",
            "联合村",
            "竹林村",
            "谢家岭村",
        ],
    },
    Township {
        name: "王店镇",
        code: 18,
        rural: 25,
        villages: [
            "王店村",
            "双桥村",
            "杨湾村",
            "黄集村",
            "丁家冲村",
            "毛陈村",
            "金山村",
            "樊家湾村",
            "友谊村",
            "石门村",
        ],
    },
    Township {
        name: "小河镇",
        code: 19,
        rural: 30,
        villages: [
            "小河村",
            "刘家河村",
            "七里村",
            "松林村",
            "石家岗村",
            "葛店村",
            "荷叶村",
            "雷家湾村",
            "万家畈村",
            "双庙村",
        ],
    },
    Township {
        name: "新街镇",
        code: 20,
        rural: 23,
        villages: [
            "新街村",
            "付家湾村",
            "龚家岗村",
            "程家店村",
            "凉亭村",
            "戴家冲村",
            "杨家河村",
            "李家集村",
            "青龙村",
            "洪山村",
        ],
    },
    Township {
        name: "陡岗镇",
        code: 21,
        rural: 29,
        villages: [
            "陡岗村",
            "火炬村",
            "紫金村",
            "邹家湾村",
            "姚家岗村",
            "黄冲村",
            "坪坝村",
            "雨坛村",
            "清泉村",
            "潘家垸村",
        ],
    },
];

/// Chinese ordinal numerals for school names (第二, 第十一); plain digits
/// beyond 99.
fn ordinal(k: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match k {
        1..=9 => D[k].to_string(),
        10..=19 => format!("十{}", D[k % 10]),
        20..=99 => format!("{}十{}", D[k / 10], D[k % 10]),
        _ => k.to_string(),
    }
}

/// The type of the next school: mostly primary schools, some junior,
/// nine-year and kindergartens, a few senior and vocational schools.
fn kind(r: &mut Rng) -> Kind {
    match r.below(100) {
        0..=49 => Kind::Primary,
        50..=65 => Kind::Kindergarten,
        66..=80 => Kind::Junior,
        81..=93 => Kind::NineYear,
        94..=97 => Kind::Senior,
        _ => Kind::Vocational,
    }
}

/// Where and what a school is: township, village (for a village school),
/// and its name without the county prefix.
struct Place {
    township: usize,
    village: Option<&'static str>,
    name: String,
}

/// Names given so far, and how many schools of a type each township has.
#[derive(Default)]
struct Registry {
    names: BTreeSet<String>,
    count: BTreeMap<(usize, &'static str), usize>,
    serial: BTreeMap<u32, u32>,
}

impl Registry {
    /// The next free name for a school of `kind` in township `tw`.
    fn place(&mut self, r: &mut Rng, kind: Kind) -> Place {
        let county_level = matches!(kind, Kind::Senior | Kind::Vocational);
        let tw = if county_level || r.chance(18) {
            SEAT
        } else {
            1 + r.below(TOWNSHIPS.len() - 1)
        };
        loop {
            let k = {
                let c = self.count.entry((tw, kind.id())).or_default();
                *c += 1;
                *c
            };
            let (name, village) = school_name(r, kind, tw, k);
            if self.names.insert(name.clone()) {
                return Place {
                    township: tw,
                    village,
                    name,
                };
            }
        }
    }

    /// A 10-digit code: province/county prefix, township, serial.
    fn code(&mut self, tw: usize) -> String {
        let t = &TOWNSHIPS[tw];
        let s = self.serial.entry(t.code).or_default();
        *s += 1;
        format!("2142{:02}{:04}", t.code, *s % 10_000)
    }
}

/// The `k`-th school name of a type in a township (without 澴阳县), and
/// its village when it is a village school.
fn school_name(r: &mut Rng, kind: Kind, tw: usize, k: usize) -> (String, Option<&'static str>) {
    let t = &TOWNSHIPS[tw];
    let short = t.name.trim_end_matches(['镇', '乡']);
    let village = (tw != SEAT && k > 1).then(|| *r.pick(&t.villages));
    let name = match (kind, village) {
        (Kind::Senior, _) => format!("第{}高级中学", ordinal(k)),
        (Kind::Vocational, _) if k == 1 => "职业技术学校".to_string(),
        (Kind::Vocational, _) => format!("第{}职业高级中学", ordinal(k)),
        (Kind::Junior, _) if k == 1 => format!("{short}初级中学"),
        (Kind::Junior, _) => format!("{short}第{}初级中学", ordinal(k)),
        (Kind::Primary, _) if tw == SEAT => format!("城关第{}小学", ordinal(k)),
        (Kind::Primary, None) => format!("{}中心小学", t.name),
        (Kind::Primary, Some(v)) if k <= 40 => format!("{}{v}小学", t.name),
        (Kind::Kindergarten, None) if k == 1 => format!("{}中心幼儿园", t.name),
        (Kind::Kindergarten, None) => format!("{}第{}幼儿园", t.name, ordinal(k)),
        (Kind::Kindergarten, Some(v)) if k <= 40 => format!("{}{v}幼儿园", t.name),
        (Kind::NineYear, None) if k == 1 => format!("{}九年一贯制学校", t.name),
        (Kind::NineYear, Some(v)) if k <= 40 => format!("{}{v}九年一贯制学校", t.name),
        (_, _) => format!("{}第{}{}", t.name, ordinal(k), kind.name()),
    };
    (name, village)
}

/// Classes per grade and the range of class sizes.
fn size(r: &mut Rng, kind: Kind, village: bool) -> (usize, (i64, i64)) {
    let (cpg, lo) = match (kind, village) {
        (Kind::Kindergarten, true) => (1, r.range(12, 22)),
        (Kind::Kindergarten, false) => (r.range(2, 4) as usize, r.range(24, 30)),
        (Kind::Primary, true) => (1, r.range(10, 30)),
        (Kind::Primary, false) => (r.range(2, 5) as usize, r.range(38, 45)),
        (Kind::NineYear, _) => (r.range(1, 2) as usize, r.range(28, 42)),
        (Kind::Junior, _) => (r.range(3, 8) as usize, r.range(44, 50)),
        (Kind::Senior, _) => (r.range(6, 12) as usize, r.range(48, 52)),
        (Kind::Vocational, _) => (r.range(3, 8) as usize, r.range(38, 45)),
    };
    (cpg, (lo, lo + r.range(3, 8)))
}

/// Staff for about `students` pupils: 20 to 120.
fn teachers(kind: Kind, students: i64) -> usize {
    let per = match kind {
        Kind::Kindergarten => 9,
        Kind::Primary => 17,
        Kind::NineYear => 14,
        Kind::Vocational => 15,
        Kind::Junior | Kind::Senior => 13,
    };
    (students / per).clamp(20, 120) as usize
}

/// Left-behind children: a share of the pupils (for a high school, of
/// the first-year pupils, the only ones under 16), at most 150 and at
/// most four per teacher.
fn left_behind(r: &mut Rng, kind: Kind, tw: usize, pupils: i64, teachers: usize) -> usize {
    if tw == SEAT && r.chance(30) {
        return 0;
    }
    let share = (TOWNSHIPS[tw].rural + r.range(-6, 8)).max(1);
    let pool = if kind == Kind::Senior || kind == Kind::Vocational {
        pupils / 3
    } else {
        pupils
    };
    let n = (pool * share / 100).clamp(0, 150) as usize;
    n.min(4 * (teachers - 1))
}

/// The villages the pupils come from: the school's own village first.
fn villages(r: &mut Rng, tw: usize, village: Option<&'static str>) -> Vec<String> {
    let t = &TOWNSHIPS[tw];
    if tw == SEAT && village.is_none() && r.chance(50) {
        // A county-level school: pupils from the whole county.
        return (0..5)
            .map(|_| {
                let o = &TOWNSHIPS[r.below(TOWNSHIPS.len())];
                format!("{}{}", o.name, r.pick(&o.villages))
            })
            .collect();
    }
    let mut vs: Vec<String> = match village {
        Some(v) => vec![v.to_string(); 3],
        None => Vec::new(),
    };
    while vs.len() < 5 {
        vs.push(r.pick(&t.villages).to_string());
    }
    vs
}

/// The `i`-th school of a county generated with `seed`.
fn school(reg: &mut Registry, seed: u64, i: usize, width: usize) -> Spec {
    let mut r = Rng(seed ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let r = &mut r;
    let kind = kind(r);
    let place = reg.place(r, kind);
    let tw = place.township;
    let (cpg, class_size) = size(r, kind, place.village.is_some());
    let grades = kind.grades().count() as i64;
    let pupils = grades * cpg as i64 * (class_size.0 + class_size.1) / 2;
    let teachers = teachers(kind, pupils);
    let rural = tw != SEAT;
    let boarding = match kind {
        Kind::Kindergarten => false,
        Kind::Primary => r.chance(if place.village.is_some() { 10 } else { 45 }),
        _ => r.chance(70),
    };
    let canteen = boarding || r.chance(if kind == Kind::Kindergarten { 80 } else { 75 });
    let buses = if rural && kind != Kind::Senior && kind != Kind::Vocational && r.chance(30) {
        r.range(1, 3) as usize
    } else {
        0
    };
    let days = school_days(day(9, 9), day(10, 1));
    let date = *r.pick(&days);
    let mut names = Names { used: Vec::new() };
    let head_woman = r.chance(if kind == Kind::Kindergarten { 90 } else { 30 });
    let principal = names.adult(r, None, head_woman);
    let classes = grades as usize * cpg;
    Spec {
        folder: format!("{:0width$}-{}", i + 1, folder_name(kind, &place.name)),
        name: format!("{}{}", super::spec::COUNTY, place.name),
        code: reg.code(tw),
        kind,
        township: TOWNSHIPS[tw].name.to_string(),
        villages: villages(r, tw, place.village),
        principal,
        phone: format!("0712-4{:06}", r.below(1_000_000)),
        classes_per_grade: cpg,
        class_size,
        teachers,
        left_behind: left_behind(r, kind, tw, pupils, teachers),
        special_ed: kind.compulsory() && classes >= 5 && r.chance(25),
        migrants: if kind.compulsory() && r.chance(if rural { 15 } else { 45 }) {
            r.range(1, 4) as usize
        } else {
            0
        },
        canteen,
        buses,
        boarding,
        date,
        inspected: r.chance(50),
        licence_expires: licence(r, date),
        seed: r.next() & 0xFFFF_FFFF,
        demonstrates: String::new(),
        issues: Vec::new(),
        flaws: faults::random,
    }
}

/// A folder name: county-level schools keep the county (as the samples do).
fn folder_name(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Senior | Kind::Vocational => format!("{}{name}", super::spec::COUNTY),
        _ => name.to_string(),
    }
}

/// A food licence valid for one to four more years; about one in fifty
/// expired a few weeks before the inspection (a veto).
fn licence(r: &mut Rng, date: chrono::NaiveDate) -> chrono::NaiveDate {
    if r.chance(2) {
        return date - Duration::days(r.range(3, 60));
    }
    ymd(
        2027 + r.range(0, 2) as i32,
        1 + r.range(0, 11) as u32,
        1 + r.range(0, 27) as u32,
    )
}

/// The profiles of `n` synthetic schools, deterministic for a seed.
pub fn specs(n: usize, seed: u64) -> Vec<Spec> {
    let width = n.to_string().len().max(3);
    let mut reg = Registry::default();
    (0..n).map(|i| school(&mut reg, seed, i, width)).collect()
}
