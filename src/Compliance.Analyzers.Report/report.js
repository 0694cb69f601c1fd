(function () {
  'use strict';
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute('data-sort') || cell.textContent.trim()) : '';
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
  }
  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.classList.add('sortable');
      th.setAttribute('tabindex', '0');
      function sort() {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  }
  function wireFilter(section) {
    var table = section.querySelector('table[data-filterable]');
    var text = section.querySelector('input[type=search]');
    var select = section.querySelector('select');
    var count = section.querySelector('.count');
    if (!table) { return; }
    function apply() {
      var needle = text ? text.value.trim().toLowerCase() : '';
      var state = select ? select.value : '';
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0)
          && (!state || (' ' + (row.getAttribute('data-state') || '') + ' ').indexOf(' ' + state + ' ') >= 0);
        row.classList.toggle('hidden', !visible);
        if (visible) { shown++; }
      });
      if (count) { count.textContent = shown + ' of ' + table.tBodies[0].rows.length + ' shown'; }
    }
    if (text) { text.addEventListener('input', apply); }
    if (select) { select.addEventListener('change', apply); }
    apply();
  }
  Array.prototype.forEach.call(document.querySelectorAll('table'), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll('section'), wireFilter);
}());
