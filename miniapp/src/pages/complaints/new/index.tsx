import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  COMPLAINT_DESCRIPTION_MAX,
  CONTACT_PREFERENCES,
  CONTACT_PREFERENCE_ZH,
  type ComplaintCategory,
  type ContactPreference,
} from '@linli/shared/complaints';
import { fileComplaint, getClientConfig, getComplaintOptions, listMyRecentOrders } from '@/api/linli';
import { askForSubscriptions } from '@/hooks/subscribe-ask';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { orderItemsText, orderMetaText } from '@/format/orders';
import { newRequestId } from '@/api/request-id';
import { whileBusy } from '@/components/button-state';
import { PhotoPicker, usePhotoUploads } from '@/components/photo-picker';
import { complaintErrorText } from '@/format/complaints';
import '@/pages/complaints/complaints.css';

/** The form's own checks; each goes away as soon as the buyer fixes what it names. */
const CATEGORY_MISSING = '请选择投诉类型';
const DESCRIPTION_MISSING = '请描述遇到的问题';

export default function NewComplaintPage() {
  const [category, setCategory] = useState<ComplaintCategory | null>(null);
  const [orderId, setOrderId] = useState<string | null>(null);
  // The shop's categories open for new complaints, and the buyer's own recent orders to pick from.
  const options = useResource(getComplaintOptions);
  const orders = useResource(listMyRecentOrders);
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState<ContactPreference>('wechat');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  // One id per submission of this form, reused on every retry: a retry never files twice.
  const requestId = useRef(newRequestId());
  const photos = usePhotoUploads();
  const [updateTemplateId, setUpdateTemplateId] = useState<string | null>(null);

  useEffect(() => {
    getClientConfig()
      .then((config) => setUpdateTemplateId(config.templates.complaintUpdate ?? null))
      .catch(() => undefined);
  }, []);

  const submit = async () => {
    if (busyRef.current) return;
    const text = description.trim();
    if (!category) return setFailure(CATEGORY_MISSING);
    if (!text) return setFailure(DESCRIPTION_MISSING);
    if (text.length > COMPLAINT_DESCRIPTION_MAX) return setFailure(`问题描述不能超过 ${COMPLAINT_DESCRIPTION_MAX} 字`);
    if (photos.blocker) return setFailure(photos.blocker);
    // WeChat shows the subscribe dialog only straight from a tap, so it is asked before anything is
    // awaited; filing goes ahead at the same time and never waits on the buyer's answer to fail.
    const subscribing = askForSubscriptions(updateTemplateId ? [updateTemplateId] : []);
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const complaint = await fileComplaint({
        requestId: requestId.current,
        category,
        ...(orderId ? { orderId } : {}),
        description: text,
        photoKeys: photos.keys,
        contactPreference: contact,
      });
      requestId.current = newRequestId();
      // Let the answer be reported before the page goes away (it settles, whatever it was).
      await subscribing;
      await Taro.redirectTo({ url: `/pages/complaints/detail/index?id=${encodeURIComponent(complaint.complaintId)}` }).catch(
        () => undefined,
      );
    } catch (error) {
      setFailure(complaintErrorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const over = description.length > COMPLAINT_DESCRIPTION_MAX;
  if (options.state.status === 'loading') return <Loading rows={4} />;
  if (options.state.status === 'error') return <ErrorState message={options.state.message} onRetry={options.reload} />;
  const categories = options.state.data.categories;
  const recentOrders = orders.state.status === 'ready' ? orders.state.data.items : [];
  return (
    <View className="page">
      <View className="card" data-testid="complaint-form">
        <Text className="form-label">投诉类型</Text>
        <View className="chips" data-testid="complaint-category">
          {categories.map((option) => (
            <Text
              key={option.code}
              className={`chip complaint-category__option ${category === option.code ? 'chip--on' : ''}`}
              data-testid={`complaint-category-${option.code}`}
              onClick={() => {
                setCategory(option.code);
                setFailure((shown) => (shown === CATEGORY_MISSING ? null : shown));
              }}
            >
              {option.name}
            </Text>
          ))}
        </View>

        <Text className="form-label">相关订单（选填）</Text>
        <View className="complaint-orders" data-testid="complaint-orders">
          <Text
            className={`chip complaint-order__option ${orderId === null ? 'chip--on' : ''}`}
            data-testid="complaint-order-none"
            onClick={() => setOrderId(null)}
          >
            不关联订单
          </Text>
          {orders.state.status === 'error' && <Text className="muted">订单加载失败，可不关联订单直接提交</Text>}
          {recentOrders.map((order) => (
            <View
              key={order.orderId}
              className={`complaint-order ${orderId === order.orderId ? 'complaint-order--on' : ''}`}
              data-testid="complaint-order-option"
              data-id={order.orderId}
              onClick={() => setOrderId(order.orderId)}
            >
              {/* As the buyer knows the order: its first item and how many more, the day and the amount (never its id). */}
              <Text className="complaint-order__items">{orderItemsText(order)}</Text>
              <Text className="complaint-order__meta">{orderMetaText(order)}</Text>
            </View>
          ))}
        </View>

        <Text className="form-label">问题描述</Text>
        <Textarea
          className="textarea complaint-description"
          data-testid="complaint-description"
          placeholder="请描述遇到的问题，便于我们尽快处理"
          maxlength={COMPLAINT_DESCRIPTION_MAX}
          value={description}
          onInput={(event) => {
            setDescription(event.detail.value);
            if (event.detail.value.trim()) setFailure((shown) => (shown === DESCRIPTION_MISSING ? null : shown));
          }}
        />
        <Text className={`counter ${over ? 'counter--over' : ''}`} data-testid="complaint-description-count">
          {description.length}/{COMPLAINT_DESCRIPTION_MAX}
        </Text>

        <Text className="form-label">图片（选填，最多 {photos.max} 张）</Text>
        <PhotoPicker uploads={photos} testPrefix="complaint-form" disabled={busy} />

        <Text className="form-label">联系方式</Text>
        <View className="chips" data-testid="complaint-contact">
          {CONTACT_PREFERENCES.map((value) => (
            <Text
              key={value}
              className={`chip complaint-contact__option ${contact === value ? 'chip--on' : ''}`}
              data-testid={`complaint-contact-${value}`}
              onClick={() => setContact(value)}
            >
              {CONTACT_PREFERENCE_ZH[value]}
            </Text>
          ))}
        </View>

        {failure && (
          <Text className="notice notice--error complaint-error" data-testid="complaint-error">
            {failure}
          </Text>
        )}
        <Button
          className="btn btn--primary complaint-submit"
          data-testid="complaint-submit"
          {...whileBusy(busy)}
          onClick={() => void submit()}
        >
          提交
        </Button>
      </View>
    </View>
  );
}
