//! The seven curated samples of `samples/`: their profiles.

mod flaws;

use super::calendar::{day, ymd};
use super::spec::{Kind, Spec};
use flaws::*;

/// The profiles of the seven samples, in folder order.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            folder: "01-河口镇中心小学".into(),
            name: "澴阳县河口镇中心小学".into(),
            code: "2142003101".into(),
            kind: Kind::Primary,
            township: "河口镇".into(),
            villages: strings(&["河口村", "新堤村", "马家湾村", "杨林村", "黄土岗村"]),
            principal: "汪建华".into(),
            phone: "0712-4861203".into(),
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
            demonstrates: "规范的镇中心小学:食堂、校车、寄宿、随班就读和送教上门、随迁子女都齐全,材料完整,仅现场一处小问题(厕所卫生扣 0.5 分)".into(),
            issues: vec![("safety.environment", 1.5)],
            flaws: flaws_01,
        },
        Spec {
            folder: "02-城关第二初级中学".into(),
            name: "澴阳县城关第二初级中学".into(),
            code: "2142001202".into(),
            kind: Kind::Junior,
            township: "城关镇".into(),
            villages: strings(&["城南社区", "东门社区", "槐树村", "八一村", "郑家河村"]),
            principal: "陈国平".into(),
            phone: "0712-4223518".into(),
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
            demonstrates: "零散问题的初中:花名册两人缺项、一人未家访、一人疑似辍学、缺书 6 册、一具灭火器过期、演练超时、一份留样不足 125 克、陪餐缺一天、备课现场扣分;表格按手工填表的习惯写:报到表有合计行,花名册下有「注」和「填表人」行,留样表头用全角括号、一格写了「125克」,都能正确读取(合计、说明行跳过并注明)".into(),
            issues: vec![("care.roster", 4.0), ("care.home_visits", 3.0), ("enrollment.students", 4.0), ("enrollment.textbooks", 2.0), ("enrollment.lesson_prep", 2.0), ("safety.drills", 2.0), ("safety.fire_equipment", 2.0), ("food.samples", 1.0), ("food.accompany", 0.0)],
            flaws: flaws_02,
        },
        Spec {
            folder: "03-桂花乡九年一贯制学校".into(),
            name: "澴阳县桂花乡九年一贯制学校".into(),
            code: "2142007303".into(),
            kind: Kind::NineYear,
            township: "桂花乡".into(),
            villages: strings(&["桂花村", "石桥村", "周家畈村", "龙井村", "三合村"]),
            principal: "彭德明".into(),
            phone: "0712-4637102".into(),
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
            demonstrates: "一票否决:一名校车驾驶人已满 61 周岁(《校车安全管理条例》第二十三条),其余材料基本规范(一名教师经批准休产假),得分虽高,等级为不合格".into(),
            issues: vec![("care.home", 2.0), ("bus.drivers", 0.0)],
            flaws: flaws_03,
        },
        Spec {
            folder: "04-城关镇中心幼儿园".into(),
            name: "澴阳县城关镇中心幼儿园".into(),
            code: "2142001504".into(),
            kind: Kind::Kindergarten,
            township: "城关镇".into(),
            villages: strings(&["城南社区", "东门社区", "西湖社区", "槐树村", "八一村"]),
            principal: "刘红梅".into(),
            phone: "0712-4225067".into(),
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
            demonstrates: "幼儿园:最近一次疏散演练在 90 天前(幼儿园按每季度一次、92 天计,合格;中小学 31 天则不合格);课程设置、教材、收费项目合规不适用;问题整改台账的事项都在期限内".into(),
            issues: vec![],
            flaws: flaws_04,
        },
        Spec {
            folder: "05-澴阳县职业技术学校".into(),
            name: "澴阳县职业技术学校".into(),
            code: "2142000905".into(),
            kind: Kind::Vocational,
            township: "城关镇".into(),
            villages: strings(&["河口镇新堤村", "桂花乡石桥村", "柳林乡白果村", "白沙镇汪家湾村", "石岭镇大堰村"]),
            principal: "熊志强".into(),
            phone: "0712-4230981".into(),
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
            demonstrates: "中等职业学校:结果交职成教育科;课程设置和义务教育收费禁令不适用(学费、住宿费可收);管理较弱:教师事假未审批、隐患和整改事项逾期、灭火器超期未检、留样不足 48 小时、缺专业教材,现场多项扣分;食品进货查验本学期经教育局批准豁免(食材统一配送)".into(),
            issues: vec![("care.roster", 5.0), ("care.home", 2.0), ("enrollment.teachers", 0.0), ("enrollment.textbooks", 2.0), ("enrollment.lesson_prep", 2.0), ("safety.hazards", 3.0), ("safety.fire_equipment", 1.0), ("safety.facilities", 2.0), ("safety.environment", 1.0), ("safety.rectification", 1.0), ("food.samples", 1.0)],
            flaws: flaws_05,
        },
        Spec {
            folder: "06-柳林乡白果村小学".into(),
            name: "澴阳县柳林乡白果村小学".into(),
            code: "2142008606".into(),
            kind: Kind::Primary,
            township: "柳林乡".into(),
            villages: strings(&["白果村", "白果村", "白果村", "陈家岗村", "胡家湾村"]),
            principal: "胡先锋".into(),
            phone: "0712-4790315".into(),
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
            demonstrates: "村小自查(无 inspection.yaml,日期取 school.yaml 的 self_audit_date):46 名留守儿童,花名册“五个清楚”有缺项且少登记一人,6 人未家访、4 人近一月无亲情联系、3 人无责任书扫描件、3 人无成长档案,一名教师结对 7 人;现场项目待检查".into(),
            issues: vec![("care.roster", 0.0), ("care.home_visits", 0.0), ("care.agreements", 0.0), ("care.pairing", 0.0), ("care.contact", 0.0)],
            flaws: flaws_06,
        },
        Spec {
            folder: "07-澴阳县第一高级中学".into(),
            name: "澴阳县第一高级中学".into(),
            code: "2142000107".into(),
            kind: Kind::Senior,
            township: "城关镇".into(),
            villages: strings(&["城关镇东门社区", "河口镇河口村", "白沙镇白沙村", "桂花乡桂花村", "石岭镇石岭村"]),
            principal: "龚正雄".into(),
            phone: "0712-4221130".into(),
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
            demonstrates: "普通高中:课程设置和义务教育收费禁令不适用(学费可收);留守儿童只统计未满 16 周岁的高一学生;材料齐全,自评分与检查组评分对照".into(),
            issues: vec![],
            flaws: flaws_07,
        },
    ]
}

/// What a school's submission gets wrong, applied to its clean one.
pub type Flaws = fn(&mut super::Sub<'_>);

/// Samples with last term's inspection (回头看): the folder and the flaws
/// the school had then. `make-samples` evaluates that submission and
/// ships its result in `samples/previous/`.
pub fn previous_terms() -> Vec<(&'static str, Flaws)> {
    vec![
        ("01-河口镇中心小学", previous_01),
        ("02-城关第二初级中学", previous_02),
        ("05-澴阳县职业技术学校", previous_05),
    ]
}

/// Last term's dates are this term's less 27 weeks (189 days), which
/// keeps the weekdays: 2026-09-01 → 2026-02-24, the spring term's start.
pub const PREVIOUS_TERM_WEEKS: i64 = 27;

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|x| x.to_string()).collect()
}

/// The sample county's document settings (`samples/county.yaml`): 澴阳县's
/// issuing body and document numbers, which `batch samples` prints on
/// every feedback, notice and the bulletin.
pub const COUNTY_YAML: &str = include_str!("county.yaml");
