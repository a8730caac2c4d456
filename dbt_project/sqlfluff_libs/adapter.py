"""`adapter` for sqlfluff's jinja templater, which knows dbt's builtins but not the adapter:
`adapter.dispatch('name')(...)` renders the DuckDB variant, `default__name`, the SQL the linter's
dialect parses (dbt itself dispatches on the real adapter)."""

from jinja2 import pass_context


def dispatch(macro_name, macro_namespace=None):
    @pass_context
    def render(context, *args, **kwargs):
        return context.resolve(f"default__{macro_name}")(*args, **kwargs)

    return render
