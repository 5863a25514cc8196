//! What each curated sample demonstrates: the flaws and on-site scores
//! applied to its clean submission.

use super::super::calendar::{at, day, ymd};
use super::super::sub::Sub;
use super::super::table::{n, t};
use super::super::write;
use chrono::Duration;
use ducha::output::sheet::Out;

impl Sub<'_> {
    pub(crate) fn kid(&self, i: usize) -> String {
        self.kids[i].name.clone()
    }

    /// A rectification ledger whose items are all still within their
    /// deadlines (problems of the summer flood-season inspection).
    pub(crate) fn rectification_in_progress(&mut self) {
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
    pub(crate) fn approved_absence(&mut self, i: usize, reason: &str) {
        let approval = format!("{}已审批,报县教育局人事股备案", self.spec.principal);
        let teachers = self.t("teachers");
        teachers.set_at(i, "是否到岗", t("否"));
        teachers.set_at(i, "未到岗原因", t(reason));
        teachers.set_at(i, "请假审批", t(approval));
    }
}

/// A clean 优秀 school: one small on-site deduction.
pub(crate) fn flaws_01(s: &mut Sub) {
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
pub(crate) fn flaws_02(s: &mut Sub) {
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
    clerks_habits(s);
}

/// Habits of clerks filling forms by hand, which the reader takes in
/// stride (issue 15): a 合计 row under the arrivals, a 注 line and a
/// 填表人 line under the roster, a full-width header and a unit in a
/// number cell of the food samples. None of them changes a verdict.
pub(crate) fn clerks_habits(s: &mut Sub) {
    let a = s.t("arrivals");
    let total = |col: &str| -> f64 {
        let c = a.col(col);
        a.rows
            .iter()
            .map(|r| match r[c] {
                Out::Number(x) => x,
                _ => 0.0,
            })
            .sum()
    };
    let mut row = vec![Out::Empty; a.headers.len()];
    row[a.col("班级")] = t("合计");
    row[a.col("应到")] = n(total("应到"));
    row[a.col("实到")] = n(total("实到"));
    a.rows.push(row);
    let roster = s.t("roster");
    let width = roster.headers.len();
    for line in ["注:本表由班主任填写,每学期开学核实更新。", "填表人:政教处"]
    {
        let mut row = vec![Out::Empty; width];
        row[0] = t(line);
        roster.rows.push(row);
    }
    let samples = s.t("samples");
    let c = samples.col("留样量(克)");
    if let Out::Number(g) = samples.rows[0][c] {
        samples.rows[0][c] = t(format!("{g}克"));
    }
    samples.headers[c] = "留样量（克）".into();
}

/// A veto: a school-bus driver past the age limit (61 on the visit day).
pub(crate) fn flaws_03(s: &mut Sub) {
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
pub(crate) fn flaws_04(s: &mut Sub) {
    s.rectification_in_progress();
    s.team = vec![
        ("王秀英", "澴阳县教育局基础教育科(学前教育)"),
        ("李红梅", "澴阳县教育局安全管理股"),
    ];
    s.self_scores = vec![("safety.drills", 3.0), ("care.home", 3.0)];
}

/// A vocational school with the weaknesses of a busy county school.
pub(crate) fn flaws_05(s: &mut Sub) {
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
    // Since September the canteen's food comes from the county's central
    // kitchen, which keeps the purchase records: the bureau excused the
    // item for the term (a waiver; last term it lost its points).
    s.waivers = vec![(
        "food.procurement",
        "9月起食材由县职教中心中央厨房统一配送,进货查验记录由配送中心保存".into(),
        "澴阳县教育局职成教育科 万立新".into(),
        ymd(2027, 1, 31),
    )];
}

/// Last term (spring 2026) at 河口镇中心小学: a child's guardian phone
/// missing and a day without a 陪餐 record, both put right by September.
pub(crate) fn previous_01(s: &mut Sub) {
    flaws_01(s);
    let k = s.kid(5);
    s.t("roster").set("姓名", &k, "监护人电话", Out::Empty);
    let gap = day(9, 8);
    s.t("accompany").rows.retain(|r| r[0] != Out::Date(gap));
}

/// Last term at 城关第二初级中学: the same two roster gaps and the
/// extinguisher (not rectified), three children not visited where one is
/// now (partly), and the 留守儿童之家 marked down on site (rectified).
pub(crate) fn previous_02(s: &mut Sub) {
    flaws_02(s);
    for i in [20, 21] {
        let k = s.kid(i);
        s.t("home_visits").remove("学生姓名", &k);
    }
    s.score(
        "care.home",
        2.0,
        "留守儿童之家周末未开放,活动记录缺两周",
        &[],
    );
}

/// Last term at the vocational school: what it still lacks now, plus the
/// purchase records (excused this term) and a second roster gap.
pub(crate) fn previous_05(s: &mut Sub) {
    flaws_05(s);
    s.waivers.clear();
    let k = s.kid(3);
    s.t("roster").set("姓名", &k, "父亲务工地", Out::Empty);
}

/// The vocational school's inspectors: points off in five on-site items.
pub(crate) fn visit_05(s: &mut Sub) {
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
pub(crate) fn flaws_06(s: &mut Sub) {
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
    // The school's 自评表: full marks where its evidence falls short
    // (over-reporting), an on-site item it scored itself ahead of the visit.
    s.self_scores = vec![
        ("care.plan", 3.0),
        ("care.roster", 6.0),
        ("care.home_visits", 4.0),
        ("care.contact", 2.0),
        ("care.home", 3.0),
    ];
}

/// A senior high school: no findings; self-scores beside the team's.
pub(crate) fn flaws_07(s: &mut Sub) {
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
