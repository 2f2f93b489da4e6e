// The rule builder: rows of "fact · operator · value" over the rule's JSON textarea.
// The textarea stays the source of truth (and works without this script); the builder
// rewrites it on every change and fires "rule-changed", on which htmx asks for the count.
// Rules it cannot show as rows (nested groups, relative dates) are edited as JSON.
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("rule-facts").textContent);
  var area = document.querySelector("textarea.rule-json");
  var box = document.getElementById("rule-builder");
  if (!area || !box) { return; }
  var facts = {};
  meta.facts.forEach(function (f) { facts[f.name] = f; });
  var T = meta.text;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function option(value, label, selected) {
    var o = el("option", { value: value, text: label });
    if (selected) { o.selected = true; }
    return o;
  }

  // JSON → {join, rows: [{negated, fact, op, value}]}, or null when rows cannot show it.
  function toRows(rule) {
    if (!rule || Object.keys(rule).length === 0) { return { join: "and", rows: [] }; }
    var key = Object.keys(rule)[0];
    var children = (key === "and" || key === "or") ? rule[key] : [rule];
    var join = key === "or" ? "or" : "and";
    var rows = [];
    for (var i = 0; i < children.length; i++) {
      var node = children[i], negated = false;
      if (node && node.not) { node = node.not; negated = true; }
      var row = toRow(node);
      if (!row) { return null; }
      row.negated = negated;
      rows.push(row);
    }
    return { join: join, rows: rows };
  }

  function toRow(node) {
    if (!node || typeof node !== "object" || Object.keys(node).length !== 1) { return null; }
    var op = Object.keys(node)[0], args = node[op];
    if (!Array.isArray(args) || args.length !== 2 || !args[0] || !args[0].var) { return null; }
    var fact = facts[args[0].var];
    if (!fact || fact.operators.indexOf(op) < 0) { return null; }
    var value = args[1];
    if (fact.type === "date") {
      if (!value || !value.date) { return null; }  // relative dates: JSON only
      value = value.date;
    }
    return { fact: fact.name, op: op, value: value };
  }

  function toJSON(state) {
    var nodes = state.rows.map(function (row) {
      var fact = facts[row.fact], value = row.value;
      if (fact.type === "years_since") { value = parseInt(value, 10); }
      if (fact.type === "number" && /^-?\d+$/.test(String(value))) { value = parseInt(value, 10); }
      if (fact.type === "date") { value = { date: value }; }
      var leaf = {};
      leaf[row.op] = [{ "var": row.fact }, value];
      return row.negated ? { not: leaf } : leaf;
    });
    var rule = {};
    rule[state.join] = nodes;
    return rule;
  }

  function valueControl(row) {
    var fact = facts[row.fact];
    if (fact.codes.length) {
      var select = el("select", { "aria-label": T.value });
      if (row.op === "in") { select.multiple = true; }
      var chosen = Array.isArray(row.value) ? row.value : [row.value];
      fact.codes.forEach(function (c) {
        select.appendChild(option(c.code, c.label, chosen.indexOf(c.code) >= 0));
      });
      select.addEventListener("change", function () {
        var picked = Array.prototype.filter.call(select.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
        row.value = row.op === "in" ? picked : picked[0];
        write();
      });
      if (row.value === undefined || row.value === "") { row.value = row.op === "in" ? [fact.codes[0].code] : fact.codes[0].code; }
      return select;
    }
    var types = { years_since: "number", number: "number", date: "date" };
    var input = el("input", { type: types[fact.type] || "text", "aria-label": T.value });
    if (row.value === undefined) {
      row.value = fact.type === "date" ? new Date().toISOString().slice(0, 10) : "";
    }
    input.value = row.value;
    input.addEventListener("input", function () { row.value = input.value; write(); });
    return input;
  }

  function rowNode(state, row, index) {
    var fact = facts[row.fact];
    var not = el("input", { type: "checkbox", title: T.not, "aria-label": T.not });
    not.checked = !!row.negated;
    not.addEventListener("change", function () { row.negated = not.checked; write(); });
    var factSelect = el("select", { "aria-label": "fact", "class": "fact" });
    meta.facts.forEach(function (f) { factSelect.appendChild(option(f.name, f.label, f.name === row.fact)); });
    factSelect.addEventListener("change", function () {
      row.fact = factSelect.value; row.op = facts[row.fact].operators[0]; row.value = undefined;
      write(); render(state);
    });
    var opSelect = el("select", { "aria-label": "operator", "class": "op" });
    fact.operators.forEach(function (op) { opSelect.appendChild(option(op, meta.operators[op], op === row.op)); });
    opSelect.addEventListener("change", function () {
      var wasIn = row.op === "in"; row.op = opSelect.value;
      if (wasIn !== (row.op === "in")) { row.value = undefined; }
      write(); render(state);
    });
    var remove = el("button", { type: "button", "class": "button small", text: T.remove });
    remove.addEventListener("click", function () { state.rows.splice(index, 1); write(); render(state); });
    var control = valueControl(row);
    var unit = el("span", { "class": "muted", text: fact.unit || "" });
    return el("div", { "class": "condition" }, [
      el("label", { "class": "small not-label" }, [not, document.createTextNode(T.not)]),
      factSelect, opSelect, control, unit, remove,
    ]);
  }

  var current = null;

  function render(state) {
    box.hidden = false;
    box.textContent = "";
    current = state;
    if (!state) { box.appendChild(el("p", { "class": "muted", text: T.complex })); return; }
    var join = el("select", { "aria-label": T.match });
    join.appendChild(option("and", T.all, state.join === "and"));
    join.appendChild(option("or", T.any, state.join === "or"));
    join.addEventListener("change", function () { state.join = join.value; write(); });
    box.appendChild(el("div", { "class": "builder-head" }, [el("span", { text: T.match }), join]));
    state.rows.forEach(function (row, i) { box.appendChild(rowNode(state, row, i)); });
    var add = el("button", { type: "button", "class": "button small", text: T.add });
    add.addEventListener("click", function () {
      var first = facts[meta.first] || meta.facts[0];
      state.rows.push({ fact: first.name, op: first.operators[0], value: undefined, negated: false });
      render(state); write();
    });
    box.appendChild(add);
  }

  // The same layout as the server's: one condition a line.
  function format(rule) {
    var op = Object.keys(rule)[0], args = rule[op];
    if (!args.length) { return JSON.stringify(rule); }
    return '{"' + op + '": [\n' + args.map(function (a) { return "  " + JSON.stringify(a); })
      .join(",\n") + "\n]}";
  }

  function write() {
    if (!current) { return; }
    area.value = format(toJSON(current));
    area.dispatchEvent(new Event("rule-changed"));
  }

  function read() {
    var text = area.value.trim();
    try { render(toRows(text ? JSON.parse(text) : {})); } catch (e) { render(null); }
  }

  area.addEventListener("input", read);
  read();
})();
