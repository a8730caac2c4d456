{{ stg_price_observations('bapanas') }}
