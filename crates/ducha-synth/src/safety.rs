//! 安全 (safety): leadership group, pledges, first lessons, drills,
//! hazards, extinguishers and the rectification ledger.

use super::calendar::{day, ymd};
use super::people::leaders;
use super::spec::{Kind, Spec};
use super::sub::{Staff, Sub};
use super::table::{n, t, Fmt};
use super::write;
use chrono::{Datelike, Duration, NaiveDate};
use ducha::output::csv::Encoding;
use ducha::output::sheet::Out;

pub(crate) const LESSON_TOPICS: &[&str] = &[
    "消防安全:火场逃生与灭火器使用",
    "防溺水“六不”",
    "交通安全:上下学路上",
    "食品安全与卫生习惯",
    "防欺凌与自我保护",
    "用电安全",
];

impl Sub<'_> {
    pub(crate) fn safety(&mut self) {
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

    pub(crate) fn pledges(&mut self) {
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

    pub(crate) fn lessons(&mut self) {
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

    pub(crate) fn drills(&mut self) {
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

    pub(crate) fn hazards(&mut self) {
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

    pub(crate) fn extinguishers(&mut self) {
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

    pub(crate) fn rectification(&mut self) {
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

pub(crate) fn leadership(s: &Spec, staff: &[Staff]) -> Vec<String> {
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
