{#- The SQL that DuckDB and Spark spell differently, one macro per construct, dispatched on the
    adapter. The DuckDB variant is the SQL the models were written in; the Spark variant gives the
    same result on Spark SQL 4 (local, a cluster or a Thrift server), including where the two
    engines differ silently: ascending sorts put nulls first on Spark (last on DuckDB), Spark's
    any_value and min_by keep nulls that DuckDB skips, Spark counts whole months where DuckDB
    counts month boundaries. Everything else the models use runs as written on both (qualify,
    group by all, filter (where ...), bool_or, md5(concat_ws(...)), date_trunc, string casts as
    `string`). tests/spark/test_parity.py proves the variants give the same marts. -#}

{#- Columns stored as a timestamp with a time zone (landing times): Spark's timestamp is one. -#}
{% macro type_timestamp_tz() -%}
    {{ return(adapter.dispatch('type_timestamp_tz')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%}
    timestamp with time zone
{%- endmacro %}

{% macro spark__type_timestamp_tz() -%}
    timestamp
{%- endmacro %}


{#- Any non-null value of the group (DuckDB's any_value skips nulls; Spark's does not unless told). -#}
{% macro any_non_null(expression) -%}
    {{ return(adapter.dispatch('any_non_null')(expression)) }}
{%- endmacro %}

{% macro default__any_non_null(expression) -%}
    any_value({{ expression }})
{%- endmacro %}

{% macro spark__any_non_null(expression) -%}
    any_value({{ expression }}, true)
{%- endmacro %}


{#- The value of `expression` on the row where `order` is lowest; `order` is one expression or a
    list compared left to right (ties broken by the next). Rows where either is null are skipped,
    as DuckDB's arg_min does. -#}
{% macro arg_min_of(expression, order) -%}
    {{ return(adapter.dispatch('arg_min_of')(expression, order)) }}
{%- endmacro %}

{% macro default__arg_min_of(expression, order) -%}
    {%- if order is string -%}
        arg_min({{ expression }}, {{ order }})
    {%- else -%}
        arg_min({{ expression }}, ({{ order | join(', ') }}))
    {%- endif -%}
{%- endmacro %}

{% macro spark__arg_min_of(expression, order) -%}
    {%- set key = order if order is string else 'struct(' ~ (order | join(', ')) ~ ')' -%}
    min_by({{ expression }}, case when {{ expression }} is not null then {{ key }} end)
{%- endmacro %}


{#- The distinct non-null values of a group as a list, sorted when `sorted`; `filter` keeps only
    the rows where it holds. -#}
{% macro distinct_list(expression, filter=none, sorted=false) -%}
    {{ return(adapter.dispatch('distinct_list')(expression, filter, sorted)) }}
{%- endmacro %}

{% macro default__distinct_list(expression, filter, sorted) -%}
    {%- set aggregated = 'list(' ~ expression ~ ')' ~ (
        ' filter (where ' ~ filter ~ ')' if filter else ''
    ) -%}
    {%- if sorted -%}
        list_sort(list_distinct({{ aggregated }}))
    {%- else -%}
        list_distinct({{ aggregated }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__distinct_list(expression, filter, sorted) -%}
    {%- set aggregated = 'collect_set(' ~ expression ~ ')' ~ (
        ' filter (where ' ~ filter ~ ')' if filter else ''
    ) -%}
    {%- if sorted -%}
        array_sort({{ aggregated }})
    {%- else -%}
        {{ aggregated }}
    {%- endif -%}
{%- endmacro %}


{#- List functions on a list value. -#}
{% macro list_length(list) -%}
    {{ return(adapter.dispatch('list_length')(list)) }}
{%- endmacro %}

{% macro default__list_length(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro spark__list_length(list) -%}
    size({{ list }})
{%- endmacro %}

{% macro list_intersection(left, right) -%}
    {{ return(adapter.dispatch('list_intersection')(left, right)) }}
{%- endmacro %}

{% macro default__list_intersection(left, right) -%}
    list_intersect({{ left }}, {{ right }})
{%- endmacro %}

{% macro spark__list_intersection(left, right) -%}
    array_intersect({{ left }}, {{ right }})
{%- endmacro %}

{% macro list_has(list, element) -%}
    {{ return(adapter.dispatch('list_has')(list, element)) }}
{%- endmacro %}

{% macro default__list_has(list, element) -%}
    list_contains({{ list }}, {{ element }})
{%- endmacro %}

{% macro spark__list_has(list, element) -%}
    array_contains({{ list }}, {{ element }})
{%- endmacro %}


{#- The group's values joined by `separator` in the order of `order_by` (a list of order terms,
    each as SQL: `region_code`, `surplus_ton desc`), `distinct` values only when asked. Nulls sort
    last in both directions, as they do on DuckDB; dbt-spark's own listagg drops the order. -#}
{% macro ordered_string_agg(expression, separator, order_by, distinct=false) -%}
    {{ return(adapter.dispatch('ordered_string_agg')(expression, separator, order_by, distinct)) }}
{%- endmacro %}

{#- Ordered by the values themselves (most uses), the group's list is sorted instead: DuckDB's
    ordered aggregates sort per group, ~5x slower (8 s of mart_partner_swaps at national-10y). The
    count keeps string_agg's null for a group with no values. -#}
{% macro default__ordered_string_agg(expression, separator, order_by, distinct) -%}
    {%- if order_by == [expression] -%}
    case when count({{ expression }}) > 0 then
        array_to_string(list_sort(list({{ 'distinct ' if distinct }}{{ expression }})), {{ separator }})
    end
    {%- else -%}
    string_agg({{ 'distinct ' if distinct }}{{ expression }}, {{ separator }} order by {{ order_by | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__ordered_string_agg(expression, separator, order_by, distinct) -%}
    listagg({{ 'distinct ' if distinct }}{{ expression }}, {{ separator }})
    within group (order by {{ nulls_last(order_by) | join(', ') }})
{%- endmacro %}


{#- The first value of the group in the order of `order_by` (order terms as in
    ordered_string_agg), among the rows where `filter` holds; null when there are none. -#}
{% macro first_in_order(expression, order_by, filter=none) -%}
    {{ return(adapter.dispatch('first_in_order')(expression, order_by, filter)) }}
{%- endmacro %}

{% macro default__first_in_order(expression, order_by, filter) -%}
    first({{ expression }} order by {{ order_by | join(', ') }})
    {%- if filter %} filter (where {{ filter }}){% endif -%}
{%- endmacro %}

{#- Spark has no ordered first(): the rows are collected as structs of their sort keys and the
    value, sorted by a comparator that follows each term's direction (nulls last), and the first
    is taken. -#}
{% macro spark__first_in_order(expression, order_by, filter) -%}
    {%- set fields = [] -%}
    {%- set comparisons = [] -%}
    {%- for term in order_by -%}
        {%- set words = term.strip().split(' ') -%}
        {%- set descending = words[-1] | lower == 'desc' -%}
        {%- set key = (words[:-1] if words[-1] | lower in ('asc', 'desc') else words) | join(' ') -%}
        {%- set l, r = 'l.k' ~ loop.index, 'r.k' ~ loop.index -%}
        {%- do fields.append(key ~ ' as k' ~ loop.index) -%}
        {%- do comparisons.append(
            'when ' ~ l ~ ' is null and ' ~ r ~ ' is not null then 1 '
            ~ 'when ' ~ l ~ ' is not null and ' ~ r ~ ' is null then -1 '
            ~ 'when ' ~ l ~ (' > ' if descending else ' < ') ~ r ~ ' then -1 '
            ~ 'when ' ~ l ~ (' < ' if descending else ' > ') ~ r ~ ' then 1'
        ) -%}
    {%- endfor -%}
    get(array_sort(
        collect_list(struct({{ fields | join(', ') }}, {{ expression }} as v))
        {%- if filter %} filter (where {{ filter }}){% endif %},
        (l, r) -> case {{ comparisons | join(' ') }} else 0 end
    ), 0).v
{%- endmacro %}

{#- Order terms with `nulls last` added where they do not say where nulls go. -#}
{% macro nulls_last(order_by) -%}
    {%- set terms = [] -%}
    {%- for term in order_by -%}
        {%- do terms.append(term if ' nulls ' in (' ' ~ term | lower ~ ' ') else term ~ ' nulls last') -%}
    {%- endfor -%}
    {{ return(terms) }}
{%- endmacro %}


{#- Whole days, or month boundaries crossed, from `start` to `end` (DuckDB's date_diff). -#}
{% macro date_diff_in(part, start, end) -%}
    {{ return(adapter.dispatch('date_diff_in')(part, start, end)) }}
{%- endmacro %}

{% macro default__date_diff_in(part, start, end) -%}
    date_diff('{{ part }}', {{ start }}, {{ end }})
{%- endmacro %}

{% macro spark__date_diff_in(part, start, end) -%}
    {#- a bigint, as DuckDB's -#}
    {%- if part == 'day' -%}
        cast(datediff({{ end }}, {{ start }}) as bigint)
    {%- elif part == 'month' -%}
        cast((year({{ end }}) * 12 + month({{ end }})) - (year({{ start }}) * 12 + month({{ start }})) as bigint)
    {%- else -%}
        {{ exceptions.raise_compiler_error("date_diff_in: no Spark variant for part '" ~ part ~ "'") }}
    {%- endif -%}
{%- endmacro %}


{#- ISO 8601 calendar parts: Monday = 1 ... Sunday = 7, the ISO week and its year. -#}
{% macro iso_day_of_week(date) -%}
    {{ return(adapter.dispatch('iso_day_of_week')(date)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date) -%}
    isodow({{ date }})
{%- endmacro %}

{% macro spark__iso_day_of_week(date) -%}
    extract(dayofweek_iso from {{ date }})
{%- endmacro %}

{% macro iso_week(date) -%}
    {{ return(adapter.dispatch('iso_week')(date)) }}
{%- endmacro %}

{% macro default__iso_week(date) -%}
    week({{ date }})
{%- endmacro %}

{% macro spark__iso_week(date) -%}
    weekofyear({{ date }})
{%- endmacro %}

{% macro iso_year(date) -%}
    {{ return(adapter.dispatch('iso_year')(date)) }}
{%- endmacro %}

{% macro default__iso_year(date) -%}
    isoyear({{ date }})
{%- endmacro %}

{% macro spark__iso_year(date) -%}
    extract(yearofweek from {{ date }})
{%- endmacro %}

{#- `2024-06` -#}
{% macro year_month_text(date) -%}
    {{ return(adapter.dispatch('year_month_text')(date)) }}
{%- endmacro %}

{% macro default__year_month_text(date) -%}
    strftime({{ date }}, '%Y-%m')
{%- endmacro %}

{% macro spark__year_month_text(date) -%}
    date_format({{ date }}, 'yyyy-MM')
{%- endmacro %}


{#- Every day from `start` to `end` (both date literals or expressions, inclusive) as a relation
    with one date column named `column`. -#}
{% macro days_between(start, end, column) -%}
    {{ return(adapter.dispatch('days_between')(start, end, column)) }}
{%- endmacro %}

{% macro default__days_between(start, end, column) -%}
    (
        select cast(day as date) as {{ column }}
        from range({{ start }}, {{ end }} + interval 1 day, interval 1 day) as days (day)
    )
{%- endmacro %}

{% macro spark__days_between(start, end, column) -%}
    (select explode(sequence({{ start }}, {{ end }}, interval 1 day)) as {{ column }})
{%- endmacro %}


{#- `select * from r1 union all by name select * from r2 ...`: relations with the same columns in
    any order, a column missing from one read as null there. Spark SQL has no union by name: the
    columns are read from the relations (refs, built before this model) and listed. -#}
{% macro union_all_by_name(relations) -%}
    {{ return(adapter.dispatch('union_all_by_name')(relations)) }}
{%- endmacro %}

{% macro default__union_all_by_name(relations) -%}
    {%- for relation in relations %}
    select * from {{ relation }}
    {%- if not loop.last %}
    union all by name
    {%- endif -%}
    {% endfor -%}
{%- endmacro %}

{% macro spark__union_all_by_name(relations) -%}
    {%- set names = [] -%}
    {%- set present = {} -%}
    {%- if execute -%}
        {%- for relation in relations -%}
            {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
            {%- do present.update({relation | string: columns}) -%}
            {%- for column in columns if column not in names -%}
                {%- do names.append(column) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for relation in relations %}
    select
        {%- for column in names %}
        {{ column if column in present[relation | string] else 'null as ' ~ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif -%}
    {% endfor -%}
{%- endmacro %}


{#- Test fixtures: the integers 0 .. n - 1 as a relation with one column, and a date moved by a
    number of months. -#}
{% macro integers_below(n, column) -%}
    {{ return(adapter.dispatch('integers_below')(n, column)) }}
{%- endmacro %}

{% macro default__integers_below(n, column) -%}
    range({{ n }}) as integers ({{ column }})
{%- endmacro %}

{% macro spark__integers_below(n, column) -%}
    (select explode(sequence(0, {{ n }} - 1)) as {{ column }}) as integers
{%- endmacro %}

{% macro add_months_to(date, months) -%}
    {{ return(adapter.dispatch('add_months_to')(date, months)) }}
{%- endmacro %}

{% macro default__add_months_to(date, months) -%}
    cast({{ date }} + to_months({{ months }}) as date)
{%- endmacro %}

{% macro spark__add_months_to(date, months) -%}
    add_months({{ date }}, {{ months }})
{%- endmacro %}


{#- round(x, digits) of a double, alike on both engines. DuckDB rounds the binary value
    x * 10^digits half away from zero; Spark's round(x, digits) rounds x's shortest decimal form
    half up, so a mean of 37285.715 (binary 37285.71499...) is .71 on DuckDB and .72 on Spark.
    Spark's variant is DuckDB's own computation, round(x * 10^digits) / 10^digits. -#}
{% macro round_to(expression, digits) -%}
    {{ return(adapter.dispatch('round_to')(expression, digits)) }}
{%- endmacro %}

{% macro default__round_to(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro spark__round_to(expression, digits) -%}
    (round(({{ expression }}) * {{ 10 ** digits }}) / {{ 10 ** digits }})
{%- endmacro %}


{#- A 64-bit hash of a value, for grouping many long strings by a fixed-width key first (the
    generic test unique_by_hash). Not stable across engines or versions: never store it. -#}
{% macro hash64(expression) -%}
    {{ return(adapter.dispatch('hash64')(expression)) }}
{%- endmacro %}

{% macro default__hash64(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{% macro spark__hash64(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}
