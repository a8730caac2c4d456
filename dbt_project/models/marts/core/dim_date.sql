with

spine as (
    select date_day
    from {{ days_between(
        "cast('" ~ var('date_spine_start') ~ "' as date)",
        "cast('" ~ var('date_spine_end') ~ "' as date)",
        'date_day'
    ) }} as days
),

month_names as (
    select *
    from (
        values
        (1, 'Januari', 'January'), (2, 'Februari', 'February'), (3, 'Maret', 'March'),
        (4, 'April', 'April'), (5, 'Mei', 'May'), (6, 'Juni', 'June'),
        (7, 'Juli', 'July'), (8, 'Agustus', 'August'), (9, 'September', 'September'),
        (10, 'Oktober', 'October'), (11, 'November', 'November'), (12, 'Desember', 'December')
    ) as names (month_number, month_name_id, month_name_en)
),

day_names as (
    select *
    from (
        values
        (1, 'Senin', 'Monday'), (2, 'Selasa', 'Tuesday'), (3, 'Rabu', 'Wednesday'),
        (4, 'Kamis', 'Thursday'), (5, 'Jumat', 'Friday'), (6, 'Sabtu', 'Saturday'),
        (7, 'Minggu', 'Sunday')
    ) as names (iso_day_of_week, day_name_id, day_name_en)
),

final as (
    select
        spine.date_day,
        cast(year(spine.date_day) as integer) as year,
        cast(quarter(spine.date_day) as integer) as quarter,
        cast(month(spine.date_day) as integer) as month,
        month_names.month_name_id,
        month_names.month_name_en,
        {{ year_month_text('spine.date_day') }} as year_month,
        cast(date_trunc('month', spine.date_day) as date) as month_start,
        cast(last_day(spine.date_day) as date) as month_end,
        cast(day(spine.date_day) as integer) as day_of_month,
        cast({{ iso_day_of_week('spine.date_day') }} as integer) as iso_day_of_week,
        day_names.day_name_id,
        day_names.day_name_en,
        cast({{ iso_year('spine.date_day') }} as integer) as iso_year,
        cast({{ iso_week('spine.date_day') }} as integer) as iso_week,
        {{ iso_day_of_week('spine.date_day') }} in (6, 7) as is_weekend
    from spine
    inner join month_names
        on month(spine.date_day) = month_names.month_number
    inner join day_names
        on {{ iso_day_of_week('spine.date_day') }} = day_names.iso_day_of_week
)

select * from final
