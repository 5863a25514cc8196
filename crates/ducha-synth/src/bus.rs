//! 校车 (bus): vehicles, drivers, attendants and riders.

use super::calendar::ymd;
use super::names::phone;
use super::spec::COUNTY;
use super::sub::Sub;
use super::table::{n, t, Fmt};
use super::write;
use chrono::Duration;
use ducha::output::sheet::Out;

pub(crate) const BUS_HEADERS: [&str; 7] = [
    "车牌号",
    "车型",
    "校车标牌号",
    "标牌有效期",
    "检验有效期",
    "承运人责任险到期",
    "核载人数",
];
pub(crate) const DRIVER_HEADERS: [&str; 8] = [
    "姓名",
    "性别",
    "出生日期",
    "准驾车型",
    "初次领证日期",
    "驾驶资格签注",
    "所驾车辆",
    "联系电话",
];

impl Sub<'_> {
    pub(crate) fn bus(&mut self) {
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
    pub(crate) fn one_bus(&mut self, b: usize) {
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

    pub(crate) fn driver_row(&mut self, plate: &str, licence: &str) -> Vec<Out> {
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
    pub(crate) fn riders(&mut self, b: usize, plate: &str, count: usize) {
        let spec = self.spec;
        let villages = &spec.villages;
        for i in 0..count {
            let girl = self.rng.chance(50);
            let name = self.names.child(&mut self.rng, None, girl);
            let class = self.classes[self.rng.below(self.classes.len())]
                .name
                .clone();
            let k = self.t("riders").rows.len() + 1;
            let village = &villages[(b * 2 + i % 3) % villages.len()];
            let stop = format!("{village}{}", ["村委会", "路口", "小学旧址"][i % 3]);
            let row = vec![n(k as f64), t(name), t(class), t(plate), t(stop)];
            self.t("riders").rows.push(row);
        }
    }
}
