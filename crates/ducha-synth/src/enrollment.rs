//! 开学 (enrollment): teachers on duty, arrivals and absentees,
//! timetable, textbooks, special education, migrant children.

use super::calendar::{day, school_days};
use super::curriculum::{book_subjects, curriculum, grade_label};
use super::spec::Kind;
use super::sub::Sub;
use super::table::{n, t, Fmt};
use chrono::{Datelike, Duration, Weekday};
use ducha::output::csv::Encoding;
use ducha::output::sheet::Out;

pub(crate) const ABSENCE: &[(&str, &str)] = &[
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

impl Sub<'_> {
    pub(crate) fn enrollment(&mut self) {
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

    pub(crate) fn teachers_on_duty(&mut self) {
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

    pub(crate) fn arrivals(&mut self) {
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
    pub(crate) fn add_absentee(&mut self, ci: usize, reason: &str, measures: &str, days: i64) {
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

    pub(crate) fn timetable(&mut self) {
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

    pub(crate) fn textbooks(&mut self) {
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
    pub(crate) fn special_ed(&mut self) {
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

    pub(crate) fn home_teaching(&mut self, child: &str, teacher: &str) {
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

    pub(crate) fn migrants(&mut self) {
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
