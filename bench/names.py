"""A deterministic pool of entity names for synthetic vaults: people, organisations,
products and tags, Chinese and Latin, a few hundred in all.

Names are combined from parts (surname and given-name characters, Latin first and last
names, word stems and suffixes), so the pool is plausible, varied and fixed for a seed.
The real names of the seed notes are always included, so queries about them have hits in
frontmatter as well as in prose.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢傅钟"
)
_GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰涛明超霞平刚桂英华玉萍红娥玲飞鹏"
    "辉建国志宇浩然轩子涵梓晨思远博文昊天泽雨欣怡佳琪渊栋铭瑞嘉"
)
_FIRST = [
    "Alice",
    "Brian",
    "Carla",
    "Daniel",
    "Elena",
    "Felix",
    "Grace",
    "Henry",
    "Irene",
    "Jonas",
    "Karen",
    "Lucas",
    "Maria",
    "Nathan",
    "Olivia",
    "Peter",
    "Quinn",
    "Rachel",
    "Samuel",
    "Tessa",
    "Victor",
    "Wendy",
    "Xavier",
    "Yusuf",
    "Zoe",
    "Adrian",
    "Bianca",
    "Conrad",
    "Diana",
    "Ethan",
    "Fiona",
    "Gavin",
    "Hannah",
    "Isaac",
    "Julia",
    "Kevin",
    "Laura",
    "Martin",
    "Nora",
    "Oscar",
    "Paula",
]
_LAST = [
    "Anderson",
    "Becker",
    "Carter",
    "Dawson",
    "Ellis",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ivanov",
    "Jensen",
    "Keller",
    "Larsen",
    "Morgan",
    "Novak",
    "Ortega",
    "Patel",
    "Quint",
    "Reyes",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Vasquez",
    "Walker",
    "Xu",
    "Young",
    "Zimmer",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gruber",
    "Hale",
    "Ibsen",
    "Jovanovic",
    "Kowalski",
    "Lindqvist",
]
_ORG_STEMS_CN = [
    "星河",
    "云帆",
    "深蓝",
    "启明",
    "天工",
    "灵犀",
    "鲲鹏",
    "极光",
    "墨子",
    "北辰",
    "青松",
    "远望",
    "智源",
    "众合",
    "长风",
    "九章",
]
_ORG_SUFFIX_CN = ["科技", "智能", "研究院", "实验室", "资本", "数据", "半导体", "机器人"]
_ORG_STEMS_EN = [
    "Aurora",
    "Beacon",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Helix",
    "Ion",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orbit",
    "Prism",
    "Quasar",
    "Radiant",
    "Sierra",
    "Tidal",
]
_ORG_SUFFIX_EN = ["Labs", "AI", "Systems", "Robotics", "Capital", "Research", "Networks", "Compute"]
_PRODUCT_STEMS = [
    "Nova",
    "Atlas",
    "Vega",
    "Orion",
    "Lyra",
    "Titan",
    "Zephyr",
    "Echo",
    "Nimbus",
    "Pulse",
    "Comet",
    "Sage",
    "Onyx",
    "Halo",
    "Rune",
    "Spark",
]
_PRODUCT_CN = ["悟道", "盘古", "天机", "玄武", "凤鸣", "伏羲", "羲和", "鸿鹄"]
_TAGS = [
    "ai-strategy",
    "open-source-ai",
    "research",
    "leadership-challenge",
    "reasoning",
    "benchmark",
    "hardware",
    "alignment",
    "agents",
    "robotics",
    "policy",
    "funding",
    "talent",
    "infrastructure",
    "multimodal",
    "evaluation",
    "compute",
    "scaling",
    "safety",
    "product",
    "startup",
    "history",
    "interview",
    "biography",
]
_TAGS_CN = ["大模型", "组织", "开源", "芯片", "融资", "人才", "推理", "评测", "对齐", "机器人"]

#: Real names from the seed notes, always in the pool.
SEED_PEOPLE = (
    "Yann LeCun",
    "Mark Zuckerberg",
    "田渊栋",
    "Alexander Wang",
    "Geoffrey Hinton",
    "Demis Hassabis",
    "Nat Friedman",
    "Elon Musk",
    "马克·扎克伯格",
)
SEED_ORGS = ("Meta", "FAIR", "Google", "OpenAI", "Anthropic", "DeepSeek", "Scale AI", "Microsoft")
SEED_PRODUCTS = ("Llama", "Llama 2", "Llama 3", "Llama 4", "GPT-3", "Gemini 2.5 Pro", "o1系列")


@dataclass(frozen=True)
class NamePool:
    """Entity names by kind; every list is in a fixed order for a given seed."""

    people: tuple[str, ...]
    orgs: tuple[str, ...]
    products: tuple[str, ...]
    tags: tuple[str, ...]

    def all_names(self) -> tuple[str, ...]:
        """People, organisations and products: names that may appear in prose."""
        return self.people + self.orgs + self.products


def _unique(
    rng: random.Random, make: Callable[[random.Random], str], count: int, seeded: tuple[str, ...]
) -> list[str]:
    """`count` distinct names from the callable `make(rng)`, after the `seeded` ones."""
    found = dict.fromkeys(seeded)
    tries = 0
    while len(found) < count + len(seeded) and tries < count * 50:
        found.setdefault(make(rng))
        tries += 1
    return list(found)


def _chinese_person(rng: random.Random) -> str:
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def _latin_person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _org(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(_ORG_STEMS_CN) + rng.choice(_ORG_SUFFIX_CN)
    return f"{rng.choice(_ORG_STEMS_EN)} {rng.choice(_ORG_SUFFIX_EN)}"


def _product(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"{rng.choice(_PRODUCT_CN)}{rng.randint(1, 5)}.{rng.randint(0, 9)}"
    return f"{rng.choice(_PRODUCT_STEMS)}-{rng.randint(1, 9)}"


def make_pool(seed: int) -> NamePool:
    """The name pool of a seed: about 160 people, 90 organisations, 70 products, 35 tags."""
    rng = random.Random(f"names-{seed}")
    chinese = _unique(rng, _chinese_person, 90, ())
    latin = _unique(rng, _latin_person, 70, ())
    people = list(SEED_PEOPLE) + [
        name for pair in zip(chinese, latin, strict=False) for name in pair
    ]
    people += chinese[len(latin) :]
    return NamePool(
        people=tuple(people),
        orgs=tuple(_unique(rng, _org, 80, SEED_ORGS)),
        products=tuple(_unique(rng, _product, 60, SEED_PRODUCTS)),
        tags=tuple(_TAGS + _TAGS_CN),
    )
