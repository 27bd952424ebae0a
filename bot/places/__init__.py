"""Where the citizen lives: Hà Tĩnh's 69 xã/phường since 1/7/2025 and the 209 former units.

* `data` — the units and their predecessors, read from procedures_catalog/data/ha_tinh_communes.tsv;
* `match` — free text ("xa thach tri", "tt Kỳ Đồng") → a unit, tolerant of one typo;
* `question` — "xã Thạch Trị cũ giờ là xã nào?" → the lookup it asks for;
* `service` — the user's commune in the database, for /noio, the card and /mydata.

The core never imports Telegram; answers are rendered by bot/render/place.py.
"""
