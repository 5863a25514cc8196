//! Random flaws of the synthetic schools: each school draws a quality
//! (from tidy to neglected), then that many flaws from a menu of what
//! real submissions get wrong — an incomplete roster row, a missing home
//! visit, an expired extinguisher — occasionally a veto (an expired
//! health certificate, an over-age bus driver, a forbidden fee, a blocked
//! exit), and the inspectors' on-site deductions. Every flaw records the
//! item it is meant to cost points.

use super::calendar::{day, ymd};
use super::spec::Kind;
use super::sub::Sub;
use super::table::{n, t};
use chrono::Duration;
use ducha::output::sheet::Out;

/// One kind of flaw: the item it costs points, how often it is drawn,
/// whether the school can have it, and what it breaks.
struct Flaw {
    item: &'static str,
    weight: usize,
    applies: fn(&Sub) -> bool,
    /// Makes the flaw; false when the school's tables no longer allow it
    /// (an earlier flaw emptied them): nothing was changed.
    apply: fn(&mut Sub) -> bool,
}

fn kids(s: &Sub) -> bool {
    !s.kids.is_empty()
}
fn canteen(s: &Sub) -> bool {
    s.spec.canteen
}
fn bus(s: &Sub) -> bool {
    s.spec.buses > 0
}
fn always(_: &Sub) -> bool {
    true
}
fn not_kindergarten(s: &Sub) -> bool {
    s.spec.kind != Kind::Kindergarten
}
fn compulsory(s: &Sub) -> bool {
    s.spec.kind.compulsory()
}

/// A random row of a table (tables are never empty when a flaw applies).
/// A random row of a table; none when earlier flaws (or a small school)
/// left it empty: the flaw is then not applied.
fn row(s: &mut Sub, table: &str) -> Option<usize> {
    let len = s.t(table).rows.len();
    (len > 0).then(|| s.rng.below(len))
}

/// A random child on the roster.
fn kid(s: &mut Sub) -> Option<String> {
    let r = row(s, "roster")?;
    Some(s.t("roster").cell(r, "姓名"))
}

const MINOR: &[Flaw] = &[
    Flaw {
        item: "care.roster",
        weight: 8,
        applies: kids,
        apply: roster_blank,
    },
    Flaw {
        item: "care.roster",
        weight: 2,
        applies: kids,
        apply: roster_stale,
    },
    Flaw {
        item: "care.roster",
        weight: 2,
        applies: kids,
        apply: roster_phone,
    },
    Flaw {
        item: "care.roster",
        weight: 1,
        applies: kids,
        apply: roster_short,
    },
    Flaw {
        item: "care.home_visits",
        weight: 6,
        applies: kids,
        apply: visit_missing,
    },
    Flaw {
        item: "care.contact",
        weight: 4,
        applies: kids,
        apply: contact_missing,
    },
    Flaw {
        item: "care.agreements",
        weight: 2,
        applies: kids,
        apply: agreement_missing,
    },
    Flaw {
        item: "care.pairing",
        weight: 3,
        applies: kids,
        apply: growth_missing,
    },
    Flaw {
        item: "care.pairing",
        weight: 1,
        applies: many_kids,
        apply: mentor_overload,
    },
    Flaw {
        item: "enrollment.teachers",
        weight: 2,
        applies: always,
        apply: teacher_absent,
    },
    Flaw {
        item: "enrollment.students",
        weight: 2,
        applies: always,
        apply: dropout,
    },
    Flaw {
        item: "enrollment.textbooks",
        weight: 3,
        applies: not_kindergarten,
        apply: textbooks_short,
    },
    Flaw {
        item: "enrollment.curriculum",
        weight: 2,
        applies: compulsory,
        apply: curriculum_gap,
    },
    Flaw {
        item: "safety.drills",
        weight: 2,
        applies: always,
        apply: drill_slow,
    },
    Flaw {
        item: "safety.drills",
        weight: 1,
        applies: not_kindergarten,
        apply: drill_overdue,
    },
    Flaw {
        item: "safety.hazards",
        weight: 2,
        applies: always,
        apply: hazard_overdue,
    },
    Flaw {
        item: "safety.fire_equipment",
        weight: 5,
        applies: always,
        apply: extinguisher_expired,
    },
    Flaw {
        item: "safety.fire_equipment",
        weight: 2,
        applies: always,
        apply: extinguisher_unchecked,
    },
    Flaw {
        item: "safety.responsibility",
        weight: 2,
        applies: always,
        apply: pledges_short,
    },
    Flaw {
        item: "safety.education",
        weight: 2,
        applies: always,
        apply: lesson_missing,
    },
    Flaw {
        item: "safety.rectification",
        weight: 2,
        applies: always,
        apply: rectification_overdue,
    },
    Flaw {
        item: "food.samples",
        weight: 3,
        applies: canteen,
        apply: sample_small,
    },
    Flaw {
        item: "food.samples",
        weight: 2,
        applies: canteen,
        apply: sample_short,
    },
    Flaw {
        item: "food.accompany",
        weight: 2,
        applies: canteen,
        apply: accompany_gap,
    },
    Flaw {
        item: "food.procurement",
        weight: 2,
        applies: canteen,
        apply: voucher_missing,
    },
    Flaw {
        item: "bus.vehicles",
        weight: 2,
        applies: bus,
        apply: bus_insurance,
    },
    Flaw {
        item: "bus.attendants",
        weight: 1,
        applies: bus,
        apply: attendant_missing,
    },
    Flaw {
        item: "fees.publicity",
        weight: 1,
        applies: always,
        apply: fee_photo_missing,
    },
    Flaw {
        item: "fees.publicity",
        weight: 1,
        applies: always,
        apply: fee_basis_missing,
    },
];

const VETOES: &[Flaw] = &[
    Flaw {
        item: "food.health_certs",
        weight: 3,
        applies: canteen,
        apply: cert_expired,
    },
    Flaw {
        item: "bus.drivers",
        weight: 3,
        applies: bus,
        apply: driver_over_age,
    },
    Flaw {
        item: "bus.load",
        weight: 1,
        applies: bus,
        apply: bus_overload,
    },
    Flaw {
        item: "fees.items",
        weight: 1,
        applies: compulsory,
        apply: forbidden_fee,
    },
    Flaw {
        item: "safety.fire_exits",
        weight: 2,
        applies: inspected,
        apply: exit_blocked,
    },
];

fn many_kids(s: &Sub) -> bool {
    s.kids.len() >= 8
}
fn inspected(s: &Sub) -> bool {
    s.spec.inspected
}

/// Draws one flaw of the menu that the school can have, by weight.
fn draw(s: &mut Sub, menu: &'static [Flaw]) -> Option<&'static Flaw> {
    let fits: Vec<&Flaw> = menu.iter().filter(|f| (f.applies)(s)).collect();
    let total: usize = fits.iter().map(|f| f.weight).sum();
    let mut x = s.rng.below(total.max(1));
    for f in fits {
        if x < f.weight {
            return Some(f);
        }
        x -= f.weight;
    }
    None
}

/// The synthetic schools' `flaws`: a quality, then that many flaws, a
/// veto now and then, and the inspectors' visit.
pub(crate) fn random(s: &mut Sub) {
    start_of_term_drill(s);
    all_arrived_in_small_school(s);
    let quality = s.rng.below(100);
    let count = match quality {
        0..=34 => s.rng.range(0, 3),
        35..=69 => s.rng.range(4, 9),
        70..=91 => s.rng.range(10, 18),
        _ => s.rng.range(20, 32),
    };
    for _ in 0..count {
        if let Some(f) = draw(s, MINOR) {
            if (f.apply)(s) {
                s.flawed.push(f.item);
            }
        }
    }
    if s.spec.canteen && s.spec.licence_expires <= s.date {
        s.flawed.push("food.license");
    }
    if s.rng.chance(6) {
        if let Some(f) = draw(s, VETOES) {
            if (f.apply)(s) {
                s.flawed.push(f.item);
            }
        }
    }
    if s.spec.inspected {
        visit(s, quality);
    }
}

/// Kindergartens drill every quarter: the curated kindergarten's last
/// drill (18 June) is 92 days old by 18 September, so synthetic ones,
/// inspected up to 30 September, also drill at the start of term.
fn start_of_term_drill(s: &mut Sub) {
    if s.spec.kind != Kind::Kindergarten {
        return;
    }
    let drills = s.t("drills");
    let mut row = drills.rows.last().cloned().unwrap_or_default();
    if row.len() == drills.headers.len() {
        row[0] = Out::Date(day(9, 8));
        row[1] = t("开学消防安全疏散演练");
        drills.rows.push(row);
    }
}

/// The clean submission has at least one absentee; in a school of under
/// fifty pupils one absentee is below the 98% arrival rate, so there
/// everyone has come (absentees are then only the flaws' doing).
fn all_arrived_in_small_school(s: &mut Sub) {
    let due: i64 = s.classes.iter().map(|c| c.size).sum();
    if due >= 50 {
        return;
    }
    s.t("absentees").rows.clear();
    let arrivals = s.t("arrivals");
    let (d, a) = (arrivals.col("应到"), arrivals.col("实到"));
    for row in arrivals.rows.iter_mut() {
        row[a] = row[d].clone();
    }
}

// ---------------------------------------------------------------------------
// 关爱
// ---------------------------------------------------------------------------

fn roster_blank(s: &mut Sub) -> bool {
    let cols = [
        "性格特点",
        "兴趣爱好",
        "健康状况/病史",
        "母亲务工地",
        "监护人住址",
        "监护人电话",
    ];
    let col = *s.rng.pick(&cols);
    let Some(r) = row(s, "roster") else {
        return false;
    };
    s.t("roster").set_at(r, col, Out::Empty);
    true
}

fn roster_stale(s: &mut Sub) -> bool {
    let Some(r) = row(s, "roster") else {
        return false;
    };
    let d = day(3, 1) + Duration::days(s.rng.range(0, 60));
    s.t("roster").set_at(r, "更新日期", Out::Date(d));
    true
}

fn roster_phone(s: &mut Sub) -> bool {
    let Some(r) = row(s, "roster") else {
        return false;
    };
    let p = format!("13{:08}", s.rng.below(100_000_000));
    s.t("roster").set_at(r, "监护人电话", t(p));
    true
}

/// One child left off the roster (the count no longer matches).
fn roster_short(s: &mut Sub) -> bool {
    if s.t("roster").rows.len() == s.kids.len() {
        s.t("roster").rows.pop();
        true
    } else {
        roster_blank(s)
    }
}

fn visit_missing(s: &mut Sub) -> bool {
    let Some(k) = kid(s) else {
        return false;
    };
    s.t("home_visits").remove("学生姓名", &k);
    true
}

fn contact_missing(s: &mut Sub) -> bool {
    let Some(k) = kid(s) else {
        return false;
    };
    s.t("contacts").remove("学生姓名", &k);
    true
}

fn agreement_missing(s: &mut Sub) -> bool {
    let Some(k) = kid(s) else {
        return false;
    };
    s.t("agreements").remove("学生姓名", &k);
    true
}

fn growth_missing(s: &mut Sub) -> bool {
    let Some(k) = kid(s) else {
        return false;
    };
    s.files.remove(&format!("关爱/成长档案/{k}-成长档案.pdf"));
    true
}

/// One teacher paired with six children (at most five allowed).
fn mentor_overload(s: &mut Sub) -> bool {
    if s.kids.is_empty() {
        return false;
    }
    let busy = s.kids[0].mentor.clone();
    let roster = s.t("roster");
    for r in 0..roster.rows.len().min(6) {
        roster.set_at(r, "帮扶教师", t(&busy));
    }
    true
}

// ---------------------------------------------------------------------------
// 开学
// ---------------------------------------------------------------------------

/// A teacher absent on personal leave without approval.
fn teacher_absent(s: &mut Sub) -> bool {
    if s.staff.len() < 2 || s.t("teachers").rows.len() < s.staff.len() {
        return false;
    }
    let r = 1 + s.rng.below(s.staff.len() - 1);
    let teachers = s.t("teachers");
    teachers.set_at(r, "是否到岗", t("否"));
    teachers.set_at(r, "未到岗原因", t("事假"));
    teachers.set_at(r, "请假审批", Out::Empty);
    true
}

/// A pupil missing for twelve days for no known reason.
fn dropout(s: &mut Sub) -> bool {
    if s.classes.is_empty() {
        return false;
    }
    let ci = s.rng.below(s.classes.len());
    let measures = "班主任多次电话联系家长未果,已报告所在村委会";
    s.add_absentee(ci, "不明", measures, 12);
    true
}

fn textbooks_short(s: &mut Sub) -> bool {
    let Some(r) = row(s, "textbooks") else {
        return false;
    };
    let short = s.rng.range(1, 8) as f64;
    let books = s.t("textbooks");
    let have: f64 = books.cell(r, "学生数").parse().unwrap_or(0.0);
    books.set_at(r, "到书数", n(have - short));
    true
}

/// A subject dropped from one grade's timetable.
fn curriculum_gap(s: &mut Sub) -> bool {
    let Some(r) = row(s, "timetable") else {
        return false;
    };
    s.t("timetable").rows.remove(r);
    true
}

// ---------------------------------------------------------------------------
// 安全
// ---------------------------------------------------------------------------

fn drill_slow(s: &mut Sub) -> bool {
    let secs = s.rng.range(125, 160);
    let drills = s.t("drills");
    let Some(last) = drills.rows.len().checked_sub(1) else {
        return false;
    };
    drills.set_at(last, "疏散用时(秒)", n(secs as f64));
    true
}

/// No drill since June.
fn drill_overdue(s: &mut Sub) -> bool {
    let drills = s.t("drills");
    if drills.rows.len() > 1 {
        drills.rows.pop();
    }
    true
}

fn hazard_overdue(s: &mut Sub) -> bool {
    if s.t("hazards").rows.len() < 2 {
        return false;
    }
    let due = day(9, 2) + Duration::days(s.rng.range(0, 5));
    let hazards = s.t("hazards");
    hazards.set_at(1, "整改期限", Out::Date(due));
    hazards.set_at(1, "整改状态", t("整改中"));
    hazards.set_at(1, "完成日期", Out::Empty);
    true
}

fn extinguisher_expired(s: &mut Sub) -> bool {
    let Some(r) = row(s, "extinguishers") else {
        return false;
    };
    let d = day(6, 1) + Duration::days(s.rng.range(0, 90));
    s.t("extinguishers").set_at(r, "有效期至", Out::Date(d));
    true
}

fn extinguisher_unchecked(s: &mut Sub) -> bool {
    let Some(r) = row(s, "extinguishers") else {
        return false;
    };
    let d = day(6, 20) + Duration::days(s.rng.range(0, 30));
    s.t("extinguishers").set_at(r, "最近检查日期", Out::Date(d));
    true
}

/// A few staff who have not signed the safety pledge.
fn pledges_short(s: &mut Sub) -> bool {
    let k = s.rng.range(1, 4) as usize;
    let pledges = s.t("pledges");
    let keep = pledges.rows.len().saturating_sub(k).max(1);
    pledges.rows.truncate(keep);
    true
}

fn lesson_missing(s: &mut Sub) -> bool {
    let Some(r) = row(s, "lessons") else {
        return false;
    };
    s.t("lessons").rows.remove(r);
    true
}

fn rectification_overdue(s: &mut Sub) -> bool {
    let rect = s.t("rectification");
    if rect.rows.len() < 2 {
        return false;
    }
    rect.set_at(1, "完成情况", t("整改中"));
    rect.set_at(1, "佐证材料", Out::Empty);
    true
}

// ---------------------------------------------------------------------------
// 食堂, 校车, 收费
// ---------------------------------------------------------------------------

fn sample_small(s: &mut Sub) -> bool {
    let Some(r) = row(s, "samples") else {
        return false;
    };
    let grams = s.rng.range(16, 24) * 5;
    s.t("samples").set_at(r, "留样量(克)", n(grams as f64));
    true
}

/// A sample thrown away after a day and a half.
fn sample_short(s: &mut Sub) -> bool {
    let Some(r) = row(s, "samples") else {
        return false;
    };
    let hours = s.rng.range(24, 40);
    let samples = s.t("samples");
    let c = samples.col("留样时间");
    if let Out::DateTime(kept) = samples.rows[r][c] {
        samples.set_at(r, "处理时间", Out::DateTime(kept + Duration::hours(hours)));
    }
    true
}

/// A day of the last two weeks without an accompanied meal.
fn accompany_gap(s: &mut Sub) -> bool {
    let len = s.t("accompany").rows.len();
    if len == 0 {
        return false;
    }
    let r = len - 1 - s.rng.below(len.min(8));
    s.t("accompany").rows.remove(r);
    true
}

fn voucher_missing(s: &mut Sub) -> bool {
    let Some(r) = row(s, "purchases") else {
        return false;
    };
    s.t("purchases").set_at(r, "票证", Out::Empty);
    true
}

fn bus_insurance(s: &mut Sub) -> bool {
    if s.t("buses").rows.is_empty() {
        return false;
    }
    let d = day(8, 1) + Duration::days(s.rng.range(0, 30));
    s.t("buses").set_at(0, "承运人责任险到期", Out::Date(d));
    true
}

fn attendant_missing(s: &mut Sub) -> bool {
    s.t("attendants").rows.pop();
    true
}

fn fee_photo_missing(s: &mut Sub) -> bool {
    s.files.remove("收费/收费公示栏.jpg");
    true
}

fn fee_basis_missing(s: &mut Sub) -> bool {
    let Some(r) = row(s, "fees") else {
        return false;
    };
    s.t("fees").set_at(r, "依据文件", Out::Empty);
    true
}

// ---------------------------------------------------------------------------
// Vetoes
// ---------------------------------------------------------------------------

/// A canteen worker whose health certificate ran out weeks ago.
fn cert_expired(s: &mut Sub) -> bool {
    let Some(r) = row(s, "food_workers") else {
        return false;
    };
    let valid = s.date - Duration::days(s.rng.range(3, 40));
    let issued = valid - Duration::days(365);
    let workers = s.t("food_workers");
    workers.set_at(r, "发证日期", Out::Date(issued));
    workers.set_at(r, "有效期至", Out::Date(valid));
    true
}

/// A bus driver of 61 or more (the limit is 60).
fn driver_over_age(s: &mut Sub) -> bool {
    let Some(r) = row(s, "drivers") else {
        return false;
    };
    let birth = ymd(
        1962 + s.rng.range(0, 2) as i32,
        1 + s.rng.range(0, 7) as u32,
        12,
    );
    s.t("drivers").set_at(r, "出生日期", Out::Date(birth));
    true
}

/// More riders on the first bus than it may carry.
fn bus_overload(s: &mut Sub) -> bool {
    let buses = s.t("buses");
    if buses.rows.is_empty() {
        return false;
    }
    let plate = buses.cell(0, "车牌号");
    let capacity: usize = buses.cell(0, "核载人数").parse().unwrap_or(0);
    let riding = s.t("riders").find("车牌号", &plate).len();
    let extra = capacity.saturating_sub(riding) + 1 + s.rng.below(4);
    s.riders(0, &plate, extra);
    true
}

/// A fee that compulsory schools may not charge.
fn forbidden_fee(s: &mut Sub) -> bool {
    let fee = [
        "资料费",
        "每生每学期80元",
        "学校行政会决议",
        "否",
        "教辅资料",
    ];
    let row = fee.iter().map(|c| t(*c)).collect();
    s.t("fees").rows.push(row);
    true
}

/// The inspectors find an emergency exit locked.
fn exit_blocked(s: &mut Sub) -> bool {
    let finding = "宿舍楼一楼安全出口上锁,疏散通道堆放杂物";
    s.score("safety.fire_exits", 0.0, finding, &["照片/安全出口.jpg"]);
    if let Some(o) = s.onsite.iter_mut().find(|o| o.item == "safety.fire_exits") {
        o.veto = true;
    }
    true
}

// ---------------------------------------------------------------------------
// The inspectors' visit
// ---------------------------------------------------------------------------

const TEAMS: [[(&str, &str); 3]; 4] = [
    [
        ("张建华", "澴阳县教育局基础教育科"),
        ("李红梅", "澴阳县教育局安全管理股"),
        ("周志强", "澴阳县市场监督管理局城关所"),
    ],
    [
        ("万立新", "澴阳县教育局职成教育科"),
        ("钟海波", "澴阳县教育局安全管理股"),
        ("邓国庆", "澴阳县市场监督管理局"),
    ],
    [
        ("王秀英", "澴阳县教育局基础教育科(学前教育)"),
        ("雷卫东", "澴阳县公安局交警大队"),
        ("夏春华", "澴阳县卫生健康局"),
    ],
    [
        ("程光辉", "澴阳县教育局督导室"),
        ("彭丽娟", "澴阳县教育局基础教育科"),
        ("余松林", "澴阳县应急管理局"),
    ],
];

/// On-site deductions: item, score, finding.
const DEDUCTIONS: [(&str, f64, &str); 8] = [
    ("care.home", 2.0, "亲情电话故障,已两周未修复"),
    ("care.home", 2.0, "留守儿童之家图书较少,活动无记录"),
    (
        "enrollment.lesson_prep",
        2.0,
        "抽查5名教师教案,2名教师只提前备课1天",
    ),
    ("safety.environment", 1.5, "厕所有异味,保洁不到位"),
    ("safety.environment", 1.0, "教学楼走廊和楼梯间堆放杂物"),
    ("safety.facilities", 2.0, "实验室危化品柜未双人双锁"),
    ("safety.fire_exits", 1.0, "一楼东侧安全出口指示灯不亮"),
    ("food.kitchen", 0.5, "库房食品未离地离墙存放"),
];

/// The team, its deductions (more at weaker schools) and sometimes the
/// school's self-assessed scores.
fn visit(s: &mut Sub, quality: usize) {
    let team = TEAMS[s.rng.below(TEAMS.len())];
    s.team = team[..2 + s.rng.below(2)].to_vec();
    let count = match quality {
        0..=34 => s.rng.range(0, 1),
        35..=69 => s.rng.range(0, 2),
        _ => s.rng.range(1, 4),
    };
    for _ in 0..count {
        let (item, score, finding) = DEDUCTIONS[s.rng.below(DEDUCTIONS.len())];
        // Only items the school has (default_onsite scored them).
        let vetoed = s.onsite.iter().any(|o| o.item == item && o.veto);
        if s.onsite.iter().any(|o| o.item == item) && !vetoed {
            s.score(item, score, finding, &[]);
            s.flawed.push(item);
        }
    }
    if s.rng.chance(30) {
        // The school gives itself full marks.
        let items: Vec<&'static str> = s.onsite.iter().map(|o| o.item).take(3).collect();
        s.self_scores = items.into_iter().map(|i| (i, full(i))).collect();
    }
}

/// The points of an on-site item.
fn full(item: &str) -> f64 {
    match item {
        "enrollment.teachers" => 4.0,
        "care.home" | "enrollment.lesson_prep" | "safety.facilities" => 3.0,
        "safety.fire_exits" | "safety.environment" => 2.0,
        _ => 1.0,
    }
}
