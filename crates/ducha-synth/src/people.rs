//! The school's staff, classes and left-behind children.

use super::calendar::{day, ymd};
use super::names::phone;
use super::spec::{Kind, COUNTY};
use super::sub::{Class, Kid, Staff, Sub};
use super::words::*;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

pub(crate) fn class_name(kind: Kind, grade: i32, k: usize) -> String {
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
pub(crate) fn birth_range(grade: i32) -> (NaiveDate, NaiveDate) {
    (ymd(2020 - grade, 9, 1), ymd(2021 - grade, 8, 31))
}

impl Sub<'_> {
    pub(crate) fn make_staff(&mut self) {
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

    pub(crate) fn make_classes(&mut self) {
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
    pub(crate) fn make_kids(&mut self) {
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

    pub(crate) fn make_kid(&mut self, class: String, grade: i32, mentor: String) -> Kid {
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
        let village = r.pick(&self.spec.villages).to_string();
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

pub(crate) fn leaders(kind: Kind) -> &'static [&'static str] {
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

pub(crate) fn posts(kind: Kind) -> &'static [&'static str] {
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
