import { Text, View } from '@tarojs/components';
import { priceTexts } from '../price';

/** The group price, big, beside the original price struck through. */
export function PriceLine({ groupPriceFen, originalPriceFen }: { groupPriceFen: number; originalPriceFen: number }) {
  const price = priceTexts(groupPriceFen, originalPriceFen);
  return (
    <View className="gb-price">
      <Text className="gb-price__group" data-testid="gb-price-group">
        {price.group}
      </Text>
      <Text className="gb-price__original" data-testid="gb-price-original">
        {price.original}
      </Text>
      {price.saving && <Text className="gb-price__saving">{price.saving}</Text>}
    </View>
  );
}
