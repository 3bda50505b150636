"""Names and places for demo books: real-looking Vietnamese households of Bắc Bình
(Kinh, with Chăm and Raglai families as in the district), weighted like real surname lists.
"""
from __future__ import annotations

import random

# (family name, weight) — the common Kinh surnames and their rough shares.
KINH_FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3),
               ("Phan", 4), ("Võ", 4), ("Vũ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
               ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Trương", 1), ("Đinh", 1),
               ("Lương", 1), ("Mai", 1), ("Tô", 1), ("Châu", 1)]
CHAM_FAMILY = [("Thông", 3), ("Lưu", 3), ("Quảng", 2), ("Thuận", 2), ("Đàng", 3), ("Bá", 2),
               ("Phú", 1), ("Hán", 1), ("Thiên", 1)]
RAGLAI_FAMILY = [("Mang", 3), ("Katơr", 2), ("Pinăng", 2), ("Ma", 2), ("Chamaléa", 1)]

MIDDLE_M = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Hải", "Hiếu", "Hùng", "Huy", "Khải",
           "Khánh", "Lâm", "Lộc", "Long", "Minh", "Nam", "Nghĩa", "Phát", "Phúc", "Quang",
           "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Việt",
           "Vinh", "Bảy", "Tư", "Sáu", "Út", "Ẩn", "Ổn"]
GIVEN_F = ["Anh", "Ánh", "Bích", "Châu", "Cúc", "Diễm", "Dung", "Duyên", "Giang", "Hà",
           "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hồng", "Hương", "Lan", "Liên", "Linh",
           "Loan", "Mai", "Ngân", "Nga", "Nhung", "Oanh", "Phượng", "Quyên", "Sương", "Thảo",
           "Thủy", "Trang", "Tuyết", "Vân", "Xuân", "Yến", "Lựu", "Nguyệt"]
ETHNICITY = [("Kinh", 86), ("Chăm", 9), ("Raglai", 5)]

# Pre-2025 units of Bắc Bình (seed-summary.md): the points keep these names.
COMMUNES = ["Phan Rí Thành", "Hòa Thắng", "Chợ Lầu", "Lương Sơn", "Bình An", "Bình Tân",
            "Hải Ninh", "Hồng Phong", "Hồng Thái", "Phan Điền", "Phan Hiệp", "Phan Hòa",
            "Phan Lâm", "Phan Sơn", "Phan Thanh", "Phan Tiến", "Sông Bình", "Sông Lũy"]
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn Bình Tiến",
            "Thôn Hồng Lâm", "Thôn Tân Hòa", "Thôn Xuân Quang", "Thôn Minh Thành"]
PURPOSES = {
    "poor": ["Mua bò sinh sản", "Chăn nuôi heo", "Trồng thanh long", "Mua máy bơm nước tưới",
             "Nuôi dê", "Trồng lúa, mua phân bón"],
    "near_poor": ["Chăn nuôi bò", "Mở tiệm tạp hóa", "Trồng thanh long", "Mua ngư cụ"],
    "escaped_poverty": ["Mở rộng chăn nuôi", "Sửa chữa ghe đánh cá", "Trồng điều"],
    "clean_water": ["Xây giếng và bể lọc nước", "Xây nhà vệ sinh hợp vệ sinh"],
    "job_creation": ["Mở xưởng mộc gia đình", "Mua máy may", "Mở quán ăn"],
    "student": ["Chi phí học tập đại học", "Chi phí học cao đẳng"],
}


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([x for x, _ in table], weights=[w for _, w in table])[0]


def ethnicity(rng: random.Random) -> str:
    return _weighted(rng, ETHNICITY)


def family_name(rng: random.Random, ethnic: str) -> str:
    table = {"Chăm": CHAM_FAMILY, "Raglai": RAGLAI_FAMILY}.get(ethnic, KINH_FAMILY)
    return _weighted(rng, table)


def person_name(rng: random.Random, family: str, sex: str) -> str:
    middle = rng.choice(MIDDLE_M if sex == "M" else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
    return f"{family} {middle} {given}"
