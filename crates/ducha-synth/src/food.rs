//! 食堂 (food): licence, health certificates, food samples,
//! accompanied meals and purchase records.

use super::calendar::{at, day, school_days};
use super::spec::{Kind, COUNTY};
use super::sub::Sub;
use super::table::{n, t, Fmt};
use super::write;
use chrono::{Datelike, Duration, Weekday};
use ducha::output::csv::Encoding;
use ducha::output::sheet::Out;

/// Deliveries: 品名, 数量, 供货商, 票证.
pub(crate) const GOODS: [[&str; 4]; 6] = [
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

pub(crate) const DISHES: &[&str] = &[
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
pub(crate) const BREAKFAST: &[&str] = &["馒头", "稀饭", "煮鸡蛋", "热干面", "包子", "豆浆", "花卷"];

impl Sub<'_> {
    pub(crate) fn food(&mut self) {
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

    pub(crate) fn licence_number(&self) -> String {
        format!("JY3420988{:07}", self.spec.seed * 7919 % 10_000_000)
    }

    pub(crate) fn food_workers(&mut self) {
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

    pub(crate) fn meals(&self) -> Vec<(&'static str, u32, u32)> {
        match (self.spec.kind, self.spec.boarding) {
            (Kind::Kindergarten, _) => vec![("午餐", 11, 20), ("午点", 15, 10)],
            (_, true) => vec![("早餐", 7, 10), ("午餐", 11, 50), ("晚餐", 17, 30)],
            _ => vec![("午餐", 11, 50)],
        }
    }

    pub(crate) fn food_samples(&mut self) {
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

    pub(crate) fn accompany(&mut self) {
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

    pub(crate) fn purchases(&mut self) {
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
