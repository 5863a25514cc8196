//! 收费 (fees): the published fee items of each school type.

use super::spec::Kind;
use super::sub::Sub;
use super::table::{t, Fmt};

/// A fee item as published: 项目, 标准, 依据文件, 是否自愿, 备注.
pub(crate) type Fee = [&'static str; 5];

pub(crate) const INSURANCE: Fee = [
    "学生意外伤害保险",
    "每生每年50元",
    "自愿参保,学校不代收",
    "是",
    "",
];
pub(crate) const FEES_KINDERGARTEN: &[Fee] = &[
    [
        "保育教育费",
        "每生每月480元",
        "澴发改收费〔2024〕12号",
        "否",
        "按月收取",
    ],
    [
        "伙食费",
        "每生每天12元",
        "澴发改收费〔2024〕12号",
        "是",
        "按实际就餐天数结算,每月公示",
    ],
    INSURANCE,
];
pub(crate) const FEES_COMPULSORY: &[Fee] = &[
    [
        "课后服务费",
        "每生每学期300元",
        "澴发改收费〔2021〕9号",
        "是",
        "家长自愿申请",
    ],
    [
        "伙食费",
        "每生每天10元(营养改善计划补助4元后)",
        "澴教基〔2025〕21号",
        "是",
        "按实际就餐天数结算",
    ],
    [
        "校服费",
        "夏装、秋装各一套,共180元",
        "澴教基〔2024〕17号",
        "是",
        "",
    ],
    INSURANCE,
];
pub(crate) const FEES_SENIOR: &[Fee] = &[
    [
        "学费",
        "每生每学年1200元",
        "鄂发改收费〔2023〕15号",
        "否",
        "",
    ],
    [
        "住宿费",
        "每生每学年600元",
        "鄂发改收费〔2023〕15号",
        "是",
        "住校生",
    ],
    [
        "教材费",
        "按实际价格代收,多退少补",
        "鄂教财〔2022〕6号",
        "是",
        "代收费",
    ],
    ["伙食费", "每生每天15元", "学校膳食委员会决议", "是", ""],
    INSURANCE,
];
pub(crate) const FEES_VOCATIONAL: &[Fee] = &[
    [
        "学费",
        "每生每学年2000元(享受国家免学费政策的学生免收)",
        "鄂发改收费〔2023〕15号",
        "否",
        "",
    ],
    [
        "住宿费",
        "每生每学年600元",
        "鄂发改收费〔2023〕15号",
        "是",
        "住校生",
    ],
    [
        "教材费",
        "按实际价格代收,多退少补",
        "鄂教财〔2022〕6号",
        "是",
        "代收费",
    ],
    ["伙食费", "每生每天15元", "学校膳食委员会决议", "是", ""],
    INSURANCE,
];

impl Sub<'_> {
    pub(crate) fn fees(&mut self) {
        let headers = ["项目", "标准", "依据文件", "是否自愿", "备注"];
        let title = "2026年秋季收费项目公示表";
        self.table(
            "fees",
            "收费/收费项目公示表.xlsx",
            title,
            &headers,
            Fmt::Xlsx(true),
        );
        let list = match self.spec.kind {
            Kind::Kindergarten => FEES_KINDERGARTEN,
            Kind::Senior => FEES_SENIOR,
            Kind::Vocational => FEES_VOCATIONAL,
            _ => FEES_COMPULSORY,
        };
        let canteen = self.spec.canteen;
        let rows = list
            .iter()
            .filter(|f| canteen || f[0] != "伙食费")
            .map(|f| f.iter().map(|c| t(*c)).collect())
            .collect();
        self.t("fees").rows = rows;
        self.photo("收费/收费公示栏.jpg");
    }
}
