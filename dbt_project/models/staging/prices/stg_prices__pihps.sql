{{ stg_price_observations('pihps') }}
