// What the phone checks of a new resident before a visit is queued, by the server's own rules
// and in its own words (registry.validation.browser_rules, sent with the page as #sweep-rules):
// the required fields, an ID number's check character and birth date (GB 11643), other
// documents' formats, the phone's shape, and a gender or birth date that contradicts the
// number. Only the server knows the rest (region codes, numbers already registered); what it
// refuses comes back on the queued visit, to be corrected there.
(function () {
  "use strict";
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]; // 2^(17-i) mod 11
  var CHECK = "10X98765432";

  function format(template, values) {
    return String(template).replace(/%\((\w+)\)[sd]/g, function (_all, name) { return String(values[name]); });
  }

  function compact(value) { return String(value || "").replace(/\s+/g, "").toUpperCase(); }

  function checkCharacter(number) {
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(number.charAt(i)) * WEIGHTS[i];
    return CHECK.charAt(sum % 11);
  }

  function pad(n, width) { return ("0000" + n).slice(-width); }

  // "YYYYMMDD" as "YYYY-MM-DD" if it is a real date, else null.
  function dateOf(digits) {
    var y = Number(digits.slice(0, 4)), m = Number(digits.slice(4, 6)), d = Number(digits.slice(6, 8));
    var date = new Date(Date.UTC(2000, m - 1, d));
    date.setUTCFullYear(y);
    if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
    return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2);
  }

  function localToday() {
    var now = new Date();
    return pad(now.getFullYear(), 4) + "-" + pad(now.getMonth() + 1, 2) + "-" + pad(now.getDate(), 2);
  }

  function genderOf(number) { return Number(number.charAt(16)) % 2 === 1 ? "男" : "女"; }

  // {birth, gender} the number says, or {error}: kernel.idnumbers.parse_id_number, but for the
  // region code, which needs the server's table.
  function citizen(number, rules, today) {
    var m = rules.messages;
    if (number.length !== 18) return { error: format(m.id_length, { n: number.length }) };
    if (!/^\d{17}[\dX]$/.test(number)) return { error: m.id_characters };
    if (number.charAt(17) !== checkCharacter(number)) return { error: m.id_check };
    var birth = dateOf(number.slice(6, 14));
    if (!birth) return { error: format(m.id_birth_invalid, { text: number.slice(6, 14) }) };
    if (birth > today || Number(birth.slice(0, 4)) < rules.earliest_birth_year) {
      return { error: format(m.id_birth_unreasonable, { text: birth }) };
    }
    return { birth: birth, gender: genderOf(number) };
  }

  // registry.iddocs.check_document for the other documents.
  function otherDocument(idType, number, rules, today) {
    var m = rules.messages;
    var known = rules.documents[idType];
    if (!known) return {};
    if (!new RegExp("^(?:" + known.pattern + ")$").test(number)) return { error: known.message };
    if (number.length !== 18) return {};
    if (number.charAt(17) !== checkCharacter(number)) return { error: m.card_check };
    var birth = dateOf(number.slice(6, 14));
    if (!birth) return { error: format(m.card_birth_invalid, { text: number.slice(6, 14) }) };
    if (birth > today) return { error: format(m.card_birth_unreasonable, { text: birth }) };
    return { birth: birth, gender: genderOf(number) };
  }

  function normalisePhone(text) {
    var value = String(text || "").replace(/\s+/g, "");
    return value.length > 11 ? value.replace(/^\+?86-?(?=1|0)/, "") : value;
  }

  // registry.validation.parse_resident: [[field, message]] in the API's field names.
  function resident(values, rules, today) {
    var m = rules.messages;
    today = today || localToday();
    var problems = [];
    var name = String(values.name || "").replace(/\s+/g, "");
    if (!name) problems.push(["name", m.name_missing]);
    else if (Array.from(name).length > rules.name_max) {
      problems.push(["name", format(m.name_too_long, { max: rules.name_max, actual: Array.from(name).length })]);
    }

    var idType = values.id_type || rules.citizen;
    var idText = String(values.id_number || "").trim();
    var number = compact(idText);
    var derived = {};
    if (number) {
      derived = idType === rules.citizen ? citizen(number, rules, today) : otherDocument(idType, number, rules, today);
      if (derived.error) problems.push(["id_number", derived.error]);
    }

    var gender = String(values.gender || "").trim();
    if (gender && gender !== "男" && gender !== "女") problems.push(["gender", format(m.gender_invalid, { text: gender })]);
    else if (!gender && !idText) problems.push(["gender", m.gender_missing]);
    else if (gender && derived.gender && gender !== derived.gender) {
      problems.push(["gender", format(m.gender_mismatch, { gender: derived.gender })]);
    }

    var birthText = String(values.birth_date || "").trim();
    var birth = birthText ? (/^\d{4}-\d{2}-\d{2}$/.test(birthText) ? dateOf(birthText.replace(/-/g, "")) : null) : derived.birth;
    if (birthText && !birth) problems.push(["birth_date", format(m.birth_invalid, { text: birthText })]);
    else if (birthText && derived.birth && birth !== derived.birth) {
      problems.push(["birth_date", format(m.birth_mismatch, { date: derived.birth })]);
    }
    if (birth && birth > today) problems.push(["birth_date", m.birth_future]);

    var phone = normalisePhone(values.phone);
    if (phone && !new RegExp(rules.phone).test(phone)) problems.push(["phone", format(m.phone, { text: phone })]);
    return problems;
  }

  window.sweepChecks = { resident: resident, today: localToday, format: format };
})();
