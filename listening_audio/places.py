"""The cities our listening sets use, with the postcode prefixes and telephone area codes that
really belong to them, so the validator can catch a postcode or area code from the wrong city.

Only the urban postcode ranges are listed: invented addresses in the city centre must use
them. Add a city here before using it in a set.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    #: Province name without 省/自治区; empty for the four municipalities.
    province: str
    postcode_prefixes: tuple[str, ...]
    area_code: str


def _city(name: str, province: str, prefixes: str, area_code: str) -> City:
    return City(name, province, tuple(prefixes.split()), area_code)


CITIES: tuple[City, ...] = (
    _city("北京", "", "100 101 102", "010"),
    _city("上海", "", "200 201", "021"),
    _city("天津", "", "300", "022"),
    _city("重庆", "", "400 401", "023"),
    _city("杭州", "浙江", "310 311", "0571"),
    _city("宁波", "浙江", "315", "0574"),
    _city("温州", "浙江", "325", "0577"),
    _city("南京", "江苏", "210 211", "025"),
    _city("苏州", "江苏", "215", "0512"),
    _city("无锡", "江苏", "214", "0510"),
    _city("广州", "广东", "510 511", "020"),
    _city("深圳", "广东", "518", "0755"),
    _city("成都", "四川", "610 611", "028"),
    _city("武汉", "湖北", "430", "027"),
    _city("西安", "陕西", "710", "029"),
    _city("长沙", "湖南", "410", "0731"),
    _city("郑州", "河南", "450", "0371"),
    _city("洛阳", "河南", "471", "0379"),
    _city("济南", "山东", "250", "0531"),
    _city("青岛", "山东", "266", "0532"),
    _city("合肥", "安徽", "230", "0551"),
    _city("福州", "福建", "350", "0591"),
    _city("厦门", "福建", "361", "0592"),
    _city("南昌", "江西", "330", "0791"),
    _city("昆明", "云南", "650", "0871"),
    _city("贵阳", "贵州", "550", "0851"),
    _city("沈阳", "辽宁", "110", "024"),
    _city("大连", "辽宁", "116", "0411"),
    _city("长春", "吉林", "130", "0431"),
    _city("哈尔滨", "黑龙江", "150", "0451"),
    _city("石家庄", "河北", "050", "0311"),
    _city("太原", "山西", "030", "0351"),
    _city("呼和浩特", "内蒙古", "010", "0471"),
    _city("南宁", "广西", "530", "0771"),
    _city("桂林", "广西", "541", "0773"),
    _city("海口", "海南", "570", "0898"),
    _city("兰州", "甘肃", "730", "0931"),
    _city("银川", "宁夏", "750", "0951"),
    _city("西宁", "青海", "810", "0971"),
    _city("乌鲁木齐", "新疆", "830", "0991"),
)

_BY_NAME = {city.name: city for city in CITIES}


def city_of_address(address: str) -> City | None:
    """The listed city whose name followed by 市 appears in the address, earliest first."""
    found = [(address.find(name + "市"), city) for name, city in _BY_NAME.items()]
    present = [(position, city) for position, city in found if position >= 0]
    return min(present, key=lambda item: item[0])[1] if present else None


def postcode_matches(city: City, postcode: str) -> bool:
    return postcode.startswith(city.postcode_prefixes)


def province_matches(city: City, address: str) -> bool:
    """An address starts with the city's province, or with the city itself when the caller did
    not name the province (municipalities always do)."""
    return address.startswith((city.province or city.name, city.name))
