//! 关爱 (care): the left-behind children's roster, home visits,
//! guardianship agreements, family contacts, trainings, growth files.

use super::calendar::{day, school_days, weekends};
use super::spec::{Kind, Spec};
use super::sub::Sub;
use super::table::{n, t, Fmt};
use super::words::*;
use super::write;
use chrono::Duration;
use ducha::output::csv::Encoding;
use ducha::output::sheet::Out;

impl Sub<'_> {
    pub(crate) fn care(&mut self) {
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

    pub(crate) fn care_docs(&mut self) {
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

    pub(crate) fn roster(&mut self) {
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
    pub(crate) fn roster_row(&mut self, i: usize) -> Vec<Out> {
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

    pub(crate) fn home_visits(&mut self) {
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

    pub(crate) fn agreements(&mut self) {
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

    pub(crate) fn contacts(&mut self) {
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

    pub(crate) fn trainings(&mut self) {
        let headers = ["日期", "主题", "主讲人", "参加人数", "地点"];
        self.table(
            "trainings",
            "关爱/家长学校培训记录.xlsx",
            "家长(监护人)培训记录",
            &headers,
            Fmt::Xlsx(true),
        );
        let spec = self.spec;
        let head = &spec.principal;
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

    pub(crate) fn growth_files(&mut self) {
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

pub(crate) fn work_plan(s: &Spec) -> Vec<String> {
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

pub(crate) fn care_plan(s: &Spec) -> Vec<String> {
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
